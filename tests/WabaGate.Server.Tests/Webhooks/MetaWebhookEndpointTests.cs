using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Webhooks;

/// <summary>Meta's side of the inbox: verification, signatures over raw bytes, limits, malformed bodies, durability.</summary>
public sealed class MetaWebhookEndpointTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Get_verification_answers_the_challenge_only_for_the_right_token(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "900100", ["800100"], new ManualSecrets("key-abc", "manual-secret", "manual-token"));
        using var client = gateway.CreateClient();

        using var ok = await client.GetAsync($"/webhooks/meta?hub.mode=subscribe&hub.verify_token={WebhookTestKit.VerifyToken}&hub.challenge=1158201444", ct);
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal("text/plain", ok.Content.Headers.ContentType?.MediaType);
        Assert.Equal("1158201444", await ok.Content.ReadAsStringAsync(ct));

        using var wrong = await client.GetAsync("/webhooks/meta?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1", ct);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        Assert.DoesNotContain(WebhookTestKit.VerifyToken, await wrong.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
        using var mode = await client.GetAsync($"/webhooks/meta?hub.mode=unsubscribe&hub.verify_token={WebhookTestKit.VerifyToken}&hub.challenge=1", ct);
        Assert.Equal(HttpStatusCode.Forbidden, mode.StatusCode);

        // A manual connection answers with its own token only.
        using var manual = await client.GetAsync("/webhooks/meta/key-abc?hub.mode=subscribe&hub.verify_token=manual-token&hub.challenge=42", ct);
        Assert.Equal("42", await manual.Content.ReadAsStringAsync(ct));
        using var appTokenOnManual = await client.GetAsync($"/webhooks/meta/key-abc?hub.mode=subscribe&hub.verify_token={WebhookTestKit.VerifyToken}&hub.challenge=42", ct);
        Assert.Equal(HttpStatusCode.Forbidden, appTokenOnManual.StatusCode);
        using var unknownKey = await client.GetAsync("/webhooks/meta/nokey?hub.mode=subscribe&hub.verify_token=manual-token&hub.challenge=42", ct);
        Assert.Equal(HttpStatusCode.Forbidden, unknownKey.StatusCode);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Post_without_or_with_a_wrong_signature_is_refused_and_stores_nothing(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "900200", ["800200"], new ManualSecrets("key-200", "manual-secret", "t"));
        using var client = gateway.CreateClient();
        var body = WebhookTestKit.MessagesDelivery(("900200", "800200", "wamid.A", "hi"));

        using var missing = await client.PostSignedAsync("/webhooks/meta", body, null, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        using var wrong = await client.PostSignedAsync("/webhooks/meta", body, "not-the-secret", ct);
        Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        var wrongText = await wrong.Content.ReadAsStringAsync(ct);
        Assert.DoesNotContain("sha256", wrongText, StringComparison.OrdinalIgnoreCase);

        // The manual URL takes only its own app's secret, not the gateway's.
        using var appSecretOnManual = await client.PostSignedAsync("/webhooks/meta/key-200", body, WebhookTestKit.AppSecret, ct);
        Assert.Equal(HttpStatusCode.Forbidden, appSecretOnManual.StatusCode);
        using var manualMissing = await client.PostSignedAsync("/webhooks/meta/key-200", body, null, ct);
        Assert.Equal(HttpStatusCode.Unauthorized, manualMissing.StatusCode);

        Assert.Empty(await gateway.DeliveriesAsync(org.OrgId));
        Assert.Empty(await gateway.DeliveriesAsync(null));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_signed_non_ascii_delivery_is_stored_before_200_and_processed_by_the_job(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "900300", ["800300"]);
        using var client = gateway.CreateClient();

        // Raw UTF-8 (not \u-escaped) with emoji, '@' and '/': the signature covers exactly these bytes.
        var raw = Encoding.UTF8.GetBytes(WebhookTestKit.MessagesDelivery(("900300", "800300", "wamid.Emoji", "Olá 😀 @ação / ü")));
        using var response = await client.PostSignedAsync("/webhooks/meta", raw, WebhookTestKit.AppSecret, ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(string.Empty, await response.Content.ReadAsStringAsync(ct));

        // Committed before the 200: visible at once, in this organization, with its fields and connection.
        var stored = Assert.Single(await gateway.DeliveriesAsync(org.OrgId));
        Assert.Equal(connectionId, stored.ConnectionId);
        Assert.Equal("messages", stored.Fields);
        Assert.Equal(WebhookSource.App, stored.Source);
        Assert.NotNull(stored.PayloadCipher);
        Assert.DoesNotContain("wamid.Emoji", Encoding.UTF8.GetString(stored.PayloadCipher!), StringComparison.Ordinal);

        var processed = await gateway.WaitForAsync(org.OrgId, d => d.State == WebhookDeliveryState.Processed, ct);
        Assert.Equal(1, processed.Attempts);
        Assert.Contains("wamid.Emoji", processed.Outcome, StringComparison.Ordinal);

        var detail = await org.Client.GetFromJsonAsync<JsonElement>($"/api/v1/webhook-events/{stored.Id}", ct);
        Assert.Equal(Encoding.UTF8.GetString(raw), detail.GetProperty("payload").GetString());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Oversized_bodies_get_413_and_malformed_signed_bodies_are_acknowledged_and_kept_failed(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "900400", ["800400"], new ManualSecrets("key-400", "manual-secret", "t"));
        using var client = gateway.CreateClient();

        var huge = new byte[(3 * 1024 * 1024) + 1];
        Array.Fill(huge, (byte)' ');
        using var tooLarge = await client.PostSignedAsync("/webhooks/meta", huge, WebhookTestKit.AppSecret, ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Equal("payload_too_large", (await tooLarge.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString());

        // Malformed but validly signed: 200 (Meta would otherwise redeliver it for days), never a 5xx.
        using var appLevel = await client.PostSignedAsync("/webhooks/meta", "{\"entry\":[{\"id\":", WebhookTestKit.AppSecret, ct);
        Assert.Equal(HttpStatusCode.OK, appLevel.StatusCode);
        var unroutable = Assert.Single(await gateway.DeliveriesAsync(null));
        Assert.Equal(WebhookDeliveryState.Unroutable, unroutable.State);
        Assert.Null(unroutable.EntryIds);

        using var manual = await client.PostSignedAsync("/webhooks/meta/key-400", "not json at all", "manual-secret", ct);
        Assert.Equal(HttpStatusCode.OK, manual.StatusCode);
        var failed = Assert.Single(await gateway.DeliveriesAsync(org.OrgId));
        Assert.Equal(WebhookDeliveryState.Failed, failed.State);
        var listed = await org.Client.GetFromJsonAsync<JsonElement>("/api/v1/webhook-events?state=failed", ct);
        Assert.Equal(failed.Id, Assert.Single(listed.GetProperty("items").EnumerateArray()).GetProperty("id").GetGuid());
        var detail = await org.Client.GetFromJsonAsync<JsonElement>($"/api/v1/webhook-events/{failed.Id}", ct);
        Assert.Equal("not json at all", detail.GetProperty("payload").GetString());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Redeliveries_of_the_same_bytes_are_stored_once(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "900500", ["800500"]);
        using var client = gateway.CreateClient();
        var body = WebhookTestKit.MessagesDelivery(("900500", "800500", "wamid.Dup", "once"));

        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.PostSignedAsync("/webhooks/meta", body, WebhookTestKit.AppSecret, ct)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in responses)
        {
            r.Dispose();
        }

        var delivery = await gateway.WaitForAsync(org.OrgId, d => d.State == WebhookDeliveryState.Processed, ct);
        Assert.Equal(delivery.Id, Assert.Single(await gateway.DeliveriesAsync(org.OrgId)).Id);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Concurrent_deliveries_and_their_redeliveries_are_each_stored_once_and_processed(DatabaseProvider provider)
    {
        // Concurrent requests share commits: duplicates inside one batch must not fail or double their neighbours.
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "900600", ["800600"]);
        using var client = gateway.CreateClient();
        var bodies = Enumerable.Range(0, 10).Select(i => WebhookTestKit.MessagesDelivery(("900600", "800600", $"wamid.Batch{i}", $"message {i}"))).ToList();

        var responses = await Task.WhenAll(bodies.Concat(bodies).Select(b => client.PostSignedAsync("/webhooks/meta", b, WebhookTestKit.AppSecret, ct)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in responses)
        {
            r.Dispose();
        }

        var deliveries = await gateway.DeliveriesAsync(org.OrgId);
        for (var wait = 0; wait < 300 && deliveries.Count(d => d.State == WebhookDeliveryState.Processed) < bodies.Count; wait++)
        {
            await Task.Delay(100, ct);
            deliveries = await gateway.DeliveriesAsync(org.OrgId);
        }

        Assert.Equal(bodies.Count, deliveries.Count);
        Assert.All(deliveries, d => Assert.Equal(WebhookDeliveryState.Processed, d.State));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Concurrent_deliveries_of_two_organizations_and_an_unroutable_one_each_land_in_their_own_tenant(DatabaseProvider provider)
    {
        // They share commits; on PostgreSQL each row is written under its own organization's row-level-security setting.
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var a = await gateway.CreateOrganizationAsync();
        var b = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(a.OrgId, "900710", ["800710"]);
        await gateway.AddConnectionAsync(b.OrgId, "900720", ["800720"]);
        using var client = gateway.CreateClient();
        var bodies = Enumerable.Range(0, 15)
            .SelectMany(i => new[]
            {
                WebhookTestKit.MessagesDelivery(("900710", "800710", $"wamid.A{i}", $"para A {i}")),
                WebhookTestKit.MessagesDelivery(("900720", "800720", $"wamid.B{i}", $"para B {i}")),
            })
            .Append(WebhookTestKit.MessagesDelivery(("900799", "800799", "wamid.Nobody", "unroutable")))
            .ToList();

        var responses = await Task.WhenAll(bodies.Select(body => client.PostSignedAsync("/webhooks/meta", body, WebhookTestKit.AppSecret, ct)));
        Assert.All(responses, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        foreach (var r in responses)
        {
            r.Dispose();
        }

        // Without the EF filter: on PostgreSQL only row-level security decides what each organization sees.
        async Task<List<WebhookDelivery>> Visible(Guid? orgId) => await gateway.InScopeAsync(async sp =>
        {
            if (orgId is { } id)
            {
                sp.GetRequiredService<TenantContext>().Set(id);
            }

            var all = sp.GetRequiredService<AppDbContext>().Set<WebhookDelivery>().IgnoreQueryFilters().AsNoTracking();
            return await (provider == DatabaseProvider.Postgres ? all : all.Where(d => d.OrgId == orgId)).ToListAsync(ct);
        });

        var underA = await Visible(a.OrgId);
        var underB = await Visible(b.OrgId);
        var system = await Visible(null);
        Assert.Equal(15, underA.Count);
        Assert.All(underA, d => Assert.Equal(a.OrgId, d.OrgId));
        Assert.Equal(15, underB.Count);
        Assert.All(underB, d => Assert.Equal(b.OrgId, d.OrgId));
        Assert.Null(Assert.Single(system).OrgId);
    }
}
