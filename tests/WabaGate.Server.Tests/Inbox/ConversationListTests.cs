using System.Net;
using System.Text.Json.Nodes;
using WabaGate.Server.Data;
using WabaGate.Server.Tests.Webhooks;
using WabaGate.TestKit;
using static WabaGate.Server.Tests.Webhooks.ProcessingKit;

namespace WabaGate.Server.Tests.Inbox;

/// <summary>The inbox lists conversations by their latest message, and pages through them without gaps or repeats.</summary>
public sealed class ConversationListTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Conversations_run_by_latest_activity_and_page_by_it(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "970001", ["870001"]);

        // Ana, Bia, Caio write in that order; then Ana again.
        var customers = new[] { ("5511900000001", "Ana"), ("5511900000002", "Bia"), ("5511900000003", "Caio"), ("5511900000001", "Ana") };
        for (var i = 0; i < customers.Length; i++)
        {
            var (waId, name) = customers[i];
            var message = Message($"wamid.act{i}", "text", new JsonObject { ["body"] = $"oi {i}" }, 1732230000 + (i * 60), from: waId);
            await gateway.PostAsync(Delivery("970001", Messages("870001", [message], name: name, waId: waId)), ct);
            await gateway.SettledAsync(org.OrgId, i + 1, ct);
        }

        var first = await org.Client.GetJsonAsync("/api/v1/conversations?status=all&limit=2", ct);
        Assert.Equal(["Ana", "Caio"], Names(first));
        var cursor = first.GetProperty("nextCursor").GetString();
        var second = await org.Client.GetJsonAsync($"/api/v1/conversations?status=all&limit=2&cursor={cursor}", ct);
        Assert.Equal(["Bia"], Names(second));
        Assert.Null(second.GetProperty("nextCursor").GetString());

        using var bad = await org.Client.GetAsync("/api/v1/conversations?cursor=not-ours", ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    private static List<string?> Names(System.Text.Json.JsonElement page)
        => [.. page.GetProperty("items").EnumerateArray().Select(c => c.GetProperty("contact").GetProperty("name").GetString())];
}
