using System.Net;
using System.Text;
using System.Text.Json;
using WabaGate.Graph.Webhooks;
using WabaGate.Server.Data;
using WabaGate.Server.Tests.Onboarding;

namespace WabaGate.Server.Tests.Webhooks;

/// <summary>
/// Onboarding and ingestion together: the webhook URL and verify token a manual connection is given really
/// verify, and deliveries signed with that connection's own app secret are accepted and processed.
/// </summary>
public sealed class ManualConnectionWebhookTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_manual_connections_own_webhook_url_verifies_and_accepts_its_signed_deliveries(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var h = await OnboardingHarness.StartAsync(provider);
        var session = await h.SignupSessionAsync();
        var wabaId = session.GetProperty("wabaId").GetString()!;
        var phoneNumberId = session.GetProperty("phoneNumberIds")[0].GetString()!;
        var token = await h.IssueTokenAsync(wabaId);
        await h.RegisterAtMetaAsync(phoneNumberId, token);
        const string appSecret = "manual-app-secret-for-webhooks";
        var created = await h.JsonAsync(HttpMethod.Post, "/api/v1/connections", new { accessToken = token, wabaId, phoneNumberId, appSecret });
        var url = new Uri(created.GetProperty("webhook").GetProperty("url").GetString()!);
        var verifyToken = created.GetProperty("webhook").GetProperty("verifyToken").GetString()!;
        using var meta = new HttpClient();

        var challenge = await meta.GetStringAsync(new Uri(url, $"?hub.mode=subscribe&hub.verify_token={verifyToken}&hub.challenge=8675309"), ct);
        Assert.Equal("8675309", challenge);

        var body = Encoding.UTF8.GetBytes($$$"""
            {"object":"whatsapp_business_account","entry":[{"id":"{{{wabaId}}}","changes":[{"field":"messages","value":{
            "messaging_product":"whatsapp","metadata":{"display_phone_number":"15550001111","phone_number_id":"{{{phoneNumberId}}}"},
            "contacts":[{"profile":{"name":"Jos\u00e9"},"wa_id":"5511999990000"}],
            "messages":[{"from":"5511999990000","id":"wamid.manual-1","timestamp":"1763700000","type":"text","text":{"body":"Ol\u00e1 \ud83d\udc4b"}}]}}]}]}
            """);
        Assert.Equal(HttpStatusCode.Forbidden, (await PostSignedAsync(meta, url, body, "not-the-secret", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await PostSignedAsync(meta, url, body, appSecret, ct)).StatusCode);

        var connectionId = created.GetProperty("id").GetString();
        JsonElement delivery = default;
        for (var i = 0; i < 200; i++)
        {
            var events = await h.JsonAsync(HttpMethod.Get, $"/api/v1/webhook-events?connectionId={connectionId}");
            delivery = Assert.Single(events.GetProperty("items").EnumerateArray());
            if (delivery.GetProperty("state").GetString() == "processed")
            {
                break;
            }

            await Task.Delay(100, ct);
        }

        Assert.Equal("processed", delivery.GetProperty("state").GetString());
        Assert.Equal(["messages"], delivery.GetProperty("fields").EnumerateArray().Select(f => f.GetString()));
    }

    private static async Task<HttpResponseMessage> PostSignedAsync(HttpClient client, Uri url, byte[] body, string secret, CancellationToken ct)
    {
        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        request.Headers.Add(WebhookSignature.HeaderName, WebhookSignature.Compute(body, secret));
        return await client.SendAsync(request, ct);
    }
}
