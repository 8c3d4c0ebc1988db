using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Webhooks;

/// <summary>Deliveries land only in the organization that owns them; every entry is processed; inspector and replay.</summary>
public sealed class WebhookRoutingAndInspectorTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_delivery_for_another_organizations_number_never_lands_in_the_wrong_tenant(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var a = await gateway.CreateOrganizationAsync();
        var b = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(a.OrgId, "910001", ["810001"], new ManualSecrets("key-a", "secret-a", "t"));
        var bConnection = await gateway.AddConnectionAsync(b.OrgId, "910002", ["810002"]);
        using var client = gateway.CreateClient();

        // App level: B's WABA goes to B only.
        using var toB = await client.PostSignedAsync("/webhooks/meta", WebhookTestKit.MessagesDelivery(("910002", "810002", "wamid.B", "for b")), WebhookTestKit.AppSecret, ct);
        Assert.Equal(HttpStatusCode.OK, toB.StatusCode);
        var inB = await gateway.WaitForAsync(b.OrgId, d => d.State == WebhookDeliveryState.Processed, ct);
        Assert.Equal(bConnection, inB.ConnectionId);
        Assert.Empty(await gateway.DeliveriesAsync(a.OrgId));

        // A's own manual app signs a delivery naming B's WABA and number: stored in A (A's secret signed it), but
        // the change is skipped — nothing about B's number is processed in A.
        using var forged = await client.PostSignedAsync("/webhooks/meta/key-a", WebhookTestKit.MessagesDelivery(("910002", "810002", "wamid.X", "x")), "secret-a", ct);
        Assert.Equal(HttpStatusCode.OK, forged.StatusCode);
        var inA = await gateway.WaitForAsync(a.OrgId, d => d.State == WebhookDeliveryState.Processed, ct);
        Assert.DoesNotContain("wamid.X", inA.Outcome, StringComparison.Ordinal);
        Assert.Contains("skipped", inA.Outcome, StringComparison.Ordinal);
        Assert.NotNull(inA.Error);

        // A's WABA with B's number: the change is skipped too.
        using var mixed = await client.PostSignedAsync("/webhooks/meta/key-a", WebhookTestKit.MessagesDelivery(("910001", "810002", "wamid.Y", "y")), "secret-a", ct);
        var second = await gateway.WaitForAsync(a.OrgId, d => d.Id != inA.Id && d.State == WebhookDeliveryState.Processed, ct);
        Assert.DoesNotContain("wamid.Y", second.Outcome, StringComparison.Ordinal);

        // Unknown WABA at app level: kept as a system row in no organization, its body sealed under the master key.
        using var nobody = await client.PostSignedAsync("/webhooks/meta", WebhookTestKit.MessagesDelivery(("999999", "899999", "wamid.Z", "z")), WebhookTestKit.AppSecret, ct);
        Assert.Equal(HttpStatusCode.OK, nobody.StatusCode);
        var unroutable = Assert.Single(await gateway.DeliveriesAsync(null));
        Assert.Equal(WebhookDeliveryState.Unroutable, unroutable.State);
        Assert.NotNull(unroutable.SealedBy);
        Assert.Equal("999999", unroutable.EntryIds);
        Assert.DoesNotContain("wamid.Z", System.Text.Encoding.UTF8.GetString(unroutable.PayloadCipher!), StringComparison.Ordinal);
        Assert.Single(await gateway.DeliveriesAsync(b.OrgId));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Every_entry_of_a_batched_delivery_is_processed(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "920001", ["820001", "820002"]);
        await gateway.AddConnectionAsync(org.OrgId, "920002", ["820003"]);
        using var client = gateway.CreateClient();

        var body = WebhookTestKit.MessagesDelivery(("920001", "820001", "wamid.1", "a"), ("920001", "820002", "wamid.2", "b"), ("920002", "820003", "wamid.3", "c"));
        using var response = await client.PostSignedAsync("/webhooks/meta", body, WebhookTestKit.AppSecret, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        var delivery = await gateway.WaitForAsync(org.OrgId, d => d.State == WebhookDeliveryState.Processed, ct);
        Assert.Null(delivery.ConnectionId); // two connections of one organization
        Assert.Null(delivery.Error);
        foreach (var wamid in new[] { "wamid.1", "wamid.2", "wamid.3" })
        {
            Assert.Contains(wamid, delivery.Outcome, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_inspector_lists_pages_shows_the_payload_and_replays_idempotently(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        var other = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "930001", ["830001"]);
        using var client = gateway.CreateClient();
        for (var i = 0; i < 3; i++)
        {
            using var r = await client.PostSignedAsync("/webhooks/meta", WebhookTestKit.MessagesDelivery(("930001", "830001", $"wamid.{i}", $"m{i}")), WebhookTestKit.AppSecret, ct);
            Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        }

        for (var wait = 0; (await gateway.DeliveriesAsync(org.OrgId)).Any(d => d.State != WebhookDeliveryState.Processed); wait++)
        {
            Assert.True(wait < 400, "deliveries were not processed");
            await Task.Delay(50, ct);
        }

        var first = await org.Client.GetFromJsonAsync<JsonElement>($"/api/v1/webhook-events?limit=2&state=processed&connectionId={connectionId}", ct);
        var items = first.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        Assert.Equal("processed", items[0].GetProperty("state").GetString());
        Assert.Equal("messages", Assert.Single(items[0].GetProperty("fields").EnumerateArray()).GetString());
        Assert.False(items[0].TryGetProperty("payload", out _));
        var next = first.GetProperty("nextCursor").GetString();
        var second = await org.Client.GetFromJsonAsync<JsonElement>($"/api/v1/webhook-events?limit=2&cursor={next}", ct);
        var last = Assert.Single(second.GetProperty("items").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("nextCursor").ValueKind);

        var none = await other.Client.GetFromJsonAsync<JsonElement>("/api/v1/webhook-events", ct);
        Assert.Empty(none.GetProperty("items").EnumerateArray());
        var id = last.GetProperty("id").GetGuid();
        using var foreign = await other.Client.GetAsync($"/api/v1/webhook-events/{id}", ct);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        using var bad = await org.Client.GetAsync("/api/v1/webhook-events?state=bogus", ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);

        var detail = await org.Client.GetFromJsonAsync<JsonElement>($"/api/v1/webhook-events/{id}", ct);
        Assert.Contains("wamid.0", detail.GetProperty("payload").GetString(), StringComparison.Ordinal);

        using var replay = await org.Client.PostAsync($"/api/v1/webhook-events/{id}/replay", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, replay.StatusCode);
        using var again = await org.Client.PostAsync($"/api/v1/webhook-events/{id}/replay", null, ct);
        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        var replayed = await gateway.WaitForAsync(org.OrgId, d => d.Id == id && d.State == WebhookDeliveryState.Processed && d.Attempts >= 2, ct);
        Assert.Contains("wamid.0", replayed.Outcome, StringComparison.Ordinal);
        Assert.Equal(3, (await gateway.DeliveriesAsync(org.OrgId)).Count);

        using var missing = await org.Client.PostAsync($"/api/v1/webhook-events/{Guid.NewGuid()}/replay", null, ct);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }
}
