using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Features.Inbox;
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

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_stream_resumed_with_Last_Event_ID_first_gets_what_it_missed_and_an_unknown_id_gets_a_resync(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        var other = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "960011", ["860011"]);
        await gateway.AddConnectionAsync(other.OrgId, "960012", ["860012"]);

        string lastSeen;
        await using (var stream = await SseReader.OpenAsync(org.Client, ct))
        {
            await gateway.PostAsync(Delivery("960011", Messages("860011", [Message("wamid.r1", "text", new JsonObject { ["body"] = "1" })])), ct);
            (lastSeen, _) = await stream.NextAsync("message.received", _ => true, ct);
        }

        // Disconnected: two more for this organization, one for another, all processed before the client is back.
        await gateway.PostAsync(Delivery("960011", Messages("860011", [Message("wamid.r2", "text", new JsonObject { ["body"] = "2" })])), ct);
        await gateway.PostAsync(Delivery("960012", Messages("860012", [Message("wamid.x", "text", new JsonObject { ["body"] = "x" })])), ct);
        await gateway.PostAsync(Delivery("960011", Messages("860011", [Message("wamid.r3", "text", new JsonObject { ["body"] = "3" })])), ct);
        await Jobs.Eventually.TrueAsync(
            async () => (await gateway.DeliveriesAsync(org.OrgId)).Count(d => d.State == Server.Data.Entities.WebhookDeliveryState.Processed) == 3
                && (await gateway.DeliveriesAsync(other.OrgId)).Any(d => d.State == Server.Data.Entities.WebhookDeliveryState.Processed),
            "the deliveries to be processed");

        await using (var resumed = await SseReader.OpenAsync(org.Client, ct, lastSeen))
        {
            // Workers process deliveries in parallel, so the two missed events may have been recorded in either order.
            var (_, second) = await resumed.NextAsync("message.received", _ => true, ct);
            var (_, third) = await resumed.NextAsync("message.received", _ => true, ct);
            Assert.Equal(
                ["wamid.r2", "wamid.r3"],
                new[] { second.GetProperty("wamid").GetString(), third.GetProperty("wamid").GetString() }.Order(StringComparer.Ordinal));
        }

        await using var unknown = await SseReader.OpenAsync(org.Client, ct, Guid.CreateVersion7().ToString("N"));
        var (_, resync) = await unknown.NextAsync("stream.resync", _ => true, ct);
        Assert.Contains("re-read the API", resync.GetProperty("reason").GetString(), StringComparison.Ordinal);
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

        var (idA, a) = await onFirst.NextAsync("message.received", _ => true, ct);
        var (idB, b) = await onSecond.NextAsync("message.received", _ => true, ct);
        Assert.Equal("wamid.nodes", a.GetProperty("wamid").GetString());
        Assert.Equal("wamid.nodes", b.GetProperty("wamid").GetString());

        // Every node knows an event by the same id, so a client can resume on another node than it started on.
        Assert.Equal(idA, idB);
        await first.PostAsync(Delivery("960003", Messages("860003", [Message("wamid.nodes2", "text", new JsonObject { ["body"] = "de volta" })])), ct);
        await onFirst.NextAsync("message.received", d => d.GetProperty("wamid").GetString() == "wamid.nodes2", ct);
        await onSecond.NextAsync("message.received", d => d.GetProperty("wamid").GetString() == "wamid.nodes2", ct);
        await using var resumed = await SseReader.OpenAsync(secondClient, ct, idA);
        var (_, missed) = await resumed.NextAsync("message.received", _ => true, ct);
        Assert.Equal("wamid.nodes2", missed.GetProperty("wamid").GetString());
    }

    [Fact]
    public async Task On_postgres_a_burst_of_concurrent_events_reaches_another_node_whole()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var first = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres, GatewaySettings.Production());
        var org = await first.CreateOrganizationAsync();
        await using var second = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres, first.Settings.ToDictionary());
        using var listening = CancellationTokenSource.CreateLinkedTokenSource(ct);
        listening.CancelAfter(TimeSpan.FromSeconds(60));
        await using var heard = second.Services.GetRequiredService<ILiveEvents>().SubscribeAsync(org.OrgId, null, listening.Token).GetAsyncEnumerator(listening.Token);
        var publisher = first.Services.GetRequiredService<ILiveEvents>();

        // The listener on the second node may still be connecting: publish until it hears the first event.
        var ready = Task.Run(async () => await heard.MoveNextAsync(), ct);
        while (!ready.IsCompleted)
        {
            await publisher.PublishAsync(org.OrgId, LiveEventTypes.ConnectionUpdated, new { id = "warm-up" }, ct);
            await Task.WhenAny(ready, Task.Delay(100, ct));
        }

        Assert.True(await ready);

        // Published at once, so they share statement batches; each must arrive once, whole.
        await Task.WhenAll(Enumerable.Range(0, 150).Select(i => Task.Run(
            async () => await publisher.PublishAsync(org.OrgId, LiveEventTypes.MessageStatus, new { id = $"burst-{i}" }, ct), ct)));

        var received = new List<string>();
        while (received.Count < 150 && await heard.MoveNextAsync())
        {
            if (heard.Current.Data.GetProperty("id").GetString() is { } id && id.StartsWith("burst-", StringComparison.Ordinal))
            {
                Assert.Equal(LiveEventTypes.MessageStatus, heard.Current.Type);
                received.Add(id);
            }
        }

        Assert.Equal(Enumerable.Range(0, 150).Select(i => $"burst-{i}").Order(), received.Order());
    }
}
