using System.Net;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Webhooks;

/// <summary>
/// Routing is what keeps one organization's deliveries out of another's inbox, so the routing cache must never answer
/// with a route that a committed change has ended: a WABA that moves between organizations routes to its new owner at
/// once, and a WABA connected a moment ago is routable at once (no "no route" is remembered).
/// </summary>
public sealed class WebhookRouteCacheTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_waba_moved_from_one_organization_to_another_routes_to_the_new_owner_at_once(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var a = await gateway.CreateOrganizationAsync();
        var b = await gateway.CreateOrganizationAsync();
        var aConnection = await gateway.AddConnectionAsync(a.OrgId, "930001", ["830001"]);
        using var client = gateway.CreateClient();

        // Two deliveries to A: the second is routed from the cache.
        await PostAsync(client, "wamid.A1");
        await PostAsync(client, "wamid.A2");
        Assert.Equal(2, (await gateway.DeliveriesAsync(a.OrgId)).Count);

        // A disconnects through the API, B connects the same WABA; the very next delivery belongs to B.
        using var disconnected = await a.Client.DeleteAsync($"/api/v1/connections/{aConnection}", Ct);
        Assert.Equal(HttpStatusCode.NoContent, disconnected.StatusCode);
        var bConnection = await gateway.AddConnectionAsync(b.OrgId, "930001", ["830001"]);
        await PostAsync(client, "wamid.B1");

        var inB = Assert.Single(await gateway.DeliveriesAsync(b.OrgId));
        Assert.Equal(bConnection, inB.ConnectionId);
        Assert.Equal(2, (await gateway.DeliveriesAsync(a.OrgId)).Count);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_waba_connected_after_an_unroutable_delivery_is_routable_at_once(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        using var client = gateway.CreateClient();

        await PostAsync(client, "wamid.EARLY", wabaId: "930002", phoneNumberId: "830002");
        Assert.Contains(await gateway.DeliveriesAsync(null), d => d.State == WebhookDeliveryState.Unroutable && d.EntryIds == "930002");

        await gateway.AddConnectionAsync(org.OrgId, "930002", ["830002"]);
        await PostAsync(client, "wamid.LATER", wabaId: "930002", phoneNumberId: "830002");
        Assert.Contains(await gateway.DeliveriesAsync(org.OrgId), d => d.State != WebhookDeliveryState.Unroutable);
    }

    private static async Task PostAsync(HttpClient client, string wamid, string wabaId = "930001", string phoneNumberId = "830001")
    {
        using var response = await client.PostSignedAsync(
            "/webhooks/meta", WebhookTestKit.MessagesDelivery((wabaId, phoneNumberId, wamid, "text of " + wamid)), WebhookTestKit.AppSecret, Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
