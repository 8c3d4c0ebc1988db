using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Graph.Client;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Webhooks;

/// <summary>End to end: the simulated Meta delivers a customer's message to the gateway over real HTTP.</summary>
public sealed class SandboxWebhookTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_simulated_customer_message_reaches_the_gateway_and_is_stored_and_processed(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var baseAddress = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseAddress };
        var org = await gateway.CreateOrganizationAsync();

        using var session = await http.PostAsJsonAsync("/sandbox/meta/signup-sessions", new { phoneNumbers = 1 }, ct);
        var signup = await session.Content.ReadFromJsonAsync<JsonElement>(ct);
        var wabaId = signup.GetProperty("wabaId").GetString()!;
        var phoneNumberId = signup.GetProperty("phoneNumberIds")[0].GetString()!;
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, wabaId, [phoneNumberId]);

        // What onboarding does: exchange the code and subscribe the app to the WABA, so Meta delivers its webhooks.
        await gateway.InScopeAsync(async sp =>
        {
            var graph = sp.GetRequiredService<GraphClient>();
            var token = await graph.ExchangeCodeAsync(signup.GetProperty("code").GetString()!, null, ct);
            await graph.SubscribeAppAsync(wabaId, token.AccessToken, ct: ct);
            return true;
        });

        using var sent = await http.PostAsJsonAsync("/sandbox/meta/customers/5511988887777/messages", new { phoneNumberId, text = new { body = "Olá! 👋" } }, ct);
        Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
        var wamid = (await sent.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("wamid").GetString()!;

        // Subscribing may itself produce account events first; the message's delivery is the one naming its wamid.
        var delivery = await gateway.WaitForAsync(
            org.OrgId, d => d.State == WebhookDeliveryState.Processed && d.Outcome?.Contains(wamid, StringComparison.Ordinal) == true, ct);
        Assert.Equal(connectionId, delivery.ConnectionId);
        Assert.Equal(WebhookSource.App, delivery.Source);
        Assert.Equal("messages", delivery.Fields);

        var detail = await org.Client.GetFromJsonAsync<JsonElement>($"/api/v1/webhook-events/{delivery.Id}", ct);
        Assert.Contains(wamid, detail.GetProperty("payload").GetString(), StringComparison.Ordinal);
    }
}
