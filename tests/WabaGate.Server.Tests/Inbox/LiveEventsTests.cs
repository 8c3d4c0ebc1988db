using System.Text.Json.Nodes;
using WabaGate.Server.Data;
using WabaGate.Server.Tests.Webhooks;
using WabaGate.TestKit;
using static WabaGate.Server.Tests.Webhooks.ProcessingKit;

namespace WabaGate.Server.Tests.Inbox;

/// <summary>The SSE stream: message.received and message.status for the caller's organization only.</summary>
public sealed class LiveEventsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_stream_emits_message_received_and_message_status_to_the_owning_organization_only(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        var other = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "960001", ["860001"]);
        await gateway.AddConnectionAsync(other.OrgId, "960002", ["860002"]);
        var outbound = await gateway.AddOutboundAsync(org.OrgId, connectionId, "860001", "wamid.sent1");

        await using var stream = await SseReader.OpenAsync(org.Client, ct);
        await using var otherStream = await SseReader.OpenAsync(other.Client, ct);
        Assert.Equal("text/event-stream", stream.ContentType);

        await gateway.PostAsync(Delivery("960001", Messages("860001", [Message("wamid.live1", "text", new JsonObject { ["body"] = "ao vivo" })])), ct);
        var (id, received) = await stream.NextAsync("message.received", _ => true, ct);
        Assert.False(string.IsNullOrEmpty(id));
        Assert.Equal("wamid.live1", received.GetProperty("wamid").GetString());
        Assert.Equal("ao vivo", received.GetProperty("content").GetProperty("body").GetString());
        Assert.Equal("inbound", received.GetProperty("direction").GetString());

        await gateway.PostAsync(Delivery("960001", Messages("860001", statuses: [Status("wamid.sent1", "delivered", 1732230000)])), ct);
        var (_, status) = await stream.NextAsync("message.status", _ => true, ct);
        Assert.Equal(outbound, status.GetProperty("id").GetGuid());
        Assert.Equal("delivered", status.GetProperty("status").GetString());

        // The other organization's stream sees its own message and nothing of the first one's.
        await gateway.PostAsync(Delivery("960002", Messages("860002", [Message("wamid.live2", "text", new JsonObject { ["body"] = "outra" })])), ct);
        var (_, own) = await otherStream.NextAsync("message.received", _ => true, ct);
        Assert.Equal("wamid.live2", own.GetProperty("wamid").GetString());
    }

    [Fact]
    public async Task On_postgres_every_node_streams_events_whichever_node_processed_the_delivery()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres, GatewaySettings.Production());
        var org = await first.CreateOrganizationAsync();
        await first.AddConnectionAsync(org.OrgId, "960003", ["860003"]);
        await using var second = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres, first.Settings.ToDictionary());
        using var secondClient = second.CreateClient();
        secondClient.DefaultRequestHeaders.Authorization = org.Client.DefaultRequestHeaders.Authorization;

        // Only one node's worker processes the delivery; both streams must show it.
        await using var onFirst = await SseReader.OpenAsync(org.Client, ct);
        await using var onSecond = await SseReader.OpenAsync(secondClient, ct);
        await second.PostAsync(Delivery("960003", Messages("860003", [Message("wamid.nodes", "text", new JsonObject { ["body"] = "dois nós" })])), ct);

        var (_, a) = await onFirst.NextAsync("message.received", _ => true, ct);
        var (_, b) = await onSecond.NextAsync("message.received", _ => true, ct);
        Assert.Equal("wamid.nodes", a.GetProperty("wamid").GetString());
        Assert.Equal("wamid.nodes", b.GetProperty("wamid").GetString());
    }
}
