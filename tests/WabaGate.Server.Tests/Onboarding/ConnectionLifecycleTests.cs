using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Tests.Infrastructure;

namespace WabaGate.Server.Tests.Onboarding;

public sealed class ConnectionLifecycleTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_failed_subscription_leaves_an_error_that_the_retry_job_finishes(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var session = await h.SignupSessionAsync();
        var wabaId = session.GetProperty("wabaId").GetString()!;
        await h.FaultAsync("subscribed_apps", metaCode: 100, httpStatus: 400);

        var connection = await h.JsonAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete",
            new { code = session.GetProperty("code").GetString(), state = await h.StateAsync(), wabaId });

        // Either the response already shows the error, or the retry job was quicker; both end active.
        var status = connection.GetProperty("status").GetString();
        Assert.Contains(status, new[] { "error", "active" });
        if (status == "error")
        {
            Assert.Contains("Subscribing", connection.GetProperty("statusReason").GetString(), StringComparison.Ordinal);
        }

        var done = await h.WaitForStatusAsync(connection.GetProperty("id").GetString()!, "active");

        // The failure went through the durable retry job, not a lucky second call inside the request.
        var retries = await h.InOrgScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<WabaGate.Server.Data.Entities.Job>()
            .CountAsync(j => j.Kind == "connections.finish_setup", TestContext.Current.CancellationToken));
        Assert.Equal(1, retries);
        Assert.All(done.GetProperty("phoneNumbers").EnumerateArray(), n => Assert.True(n.GetProperty("registered").GetBoolean()));
        var apps = await h.GraphGetAsync($"{wabaId}/subscribed_apps", await h.IssueTokenAsync(wabaId));
        Assert.Equal(1, apps.GetProperty("data").GetArrayLength());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Health_check_refreshes_numbers_and_190_means_needs_reauthorization(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (session, connection) = await h.ConnectAsync();
        var id = connection.GetProperty("id").GetString()!;
        var phoneNumberId = session.GetProperty("phoneNumberIds")[0].GetString()!;
        using (var quality = await h.Sim.PostAsync($"/sandbox/meta/phone-numbers/{phoneNumberId}/quality",
            JsonContent(new { qualityRating = "YELLOW", messagingLimit = "TIER_1K" }), TestContext.Current.CancellationToken))
        {
            quality.EnsureSuccessStatusCode();
        }

        var healthy = await h.JsonAsync(HttpMethod.Post, $"/api/v1/connections/{id}/health-check");
        Assert.Equal("active", healthy.GetProperty("status").GetString());
        Assert.All(healthy.GetProperty("checks").EnumerateArray(), c => Assert.True(c.GetProperty("ok").GetBoolean(), c.ToString()));
        var refreshed = await h.JsonAsync(HttpMethod.Get, $"/api/v1/connections/{id}");
        Assert.Equal("YELLOW", refreshed.GetProperty("phoneNumbers")[0].GetProperty("qualityRating").GetString());
        Assert.Equal("TIER_1K", refreshed.GetProperty("phoneNumbers")[0].GetProperty("messagingLimitTier").GetString());

        await h.FaultAsync("debug_token", metaCode: 190, httpStatus: 401);
        var broken = await h.JsonAsync(HttpMethod.Post, $"/api/v1/connections/{id}/health-check");
        Assert.Equal("needs_reauthorization", broken.GetProperty("status").GetString());
        Assert.Contains(broken.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "token" && !c.GetProperty("ok").GetBoolean());
        var after = await h.JsonAsync(HttpMethod.Get, $"/api/v1/connections/{id}");
        Assert.Equal("needs_reauthorization", after.GetProperty("status").GetString());
        Assert.Contains("190", after.GetProperty("statusReason").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Disconnect_unsubscribes_destroys_the_token_and_keeps_the_history(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (session, connection) = await h.ConnectAsync();
        var id = connection.GetProperty("id").GetString()!;
        var wabaId = session.GetProperty("wabaId").GetString()!;

        var (response, _) = await h.SendAsync(HttpMethod.Delete, $"/api/v1/connections/{id}");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);

        var after = await h.JsonAsync(HttpMethod.Get, $"/api/v1/connections/{id}");
        Assert.Equal("disconnected", after.GetProperty("status").GetString());
        Assert.Equal(1, after.GetProperty("phoneNumbers").GetArrayLength());
        var apps = await h.GraphGetAsync($"{wabaId}/subscribed_apps", await h.IssueTokenAsync(wabaId));
        Assert.Equal(0, apps.GetProperty("data").GetArrayLength());
        var cipher = await h.InOrgScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<WabaGate.Server.Data.Entities.Connection>()
            .Where(c => c.Id == Guid.Parse(id)).Select(c => c.AccessTokenCipher).SingleAsync(TestContext.Current.CancellationToken));
        Assert.Null(cipher);

        var (again, _) = await h.SendAsync(HttpMethod.Delete, $"/api/v1/connections/{id}");
        Assert.Equal(HttpStatusCode.NoContent, again.StatusCode);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Manual_connect_gives_its_own_webhook_and_never_returns_secrets(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var session = await h.SignupSessionAsync();
        var wabaId = session.GetProperty("wabaId").GetString()!;
        var token = await h.IssueTokenAsync(wabaId);
        const string appSecret = "manual-app-secret-0123456789";
        await h.RegisterAtMetaAsync(session.GetProperty("phoneNumberIds")[0].GetString()!, token);

        var (bad, _) = await h.SendAsync(HttpMethod.Post, "/api/v1/connections",
            new { accessToken = "EAAnot-a-token", wabaId, phoneNumberId = session.GetProperty("phoneNumberIds")[0].GetString(), appSecret });
        var problem = await ProblemAssert.IsProblemAsync(bad, HttpStatusCode.UnprocessableEntity, "invalid_credentials");
        Assert.Equal(190, problem.GetProperty("meta").GetProperty("code").GetInt32());

        var created = await h.JsonAsync(HttpMethod.Post, "/api/v1/connections",
            new { accessToken = token, wabaId, phoneNumberId = session.GetProperty("phoneNumberIds")[0].GetString(), appSecret, name = "Shop" });
        Assert.Equal("manual", created.GetProperty("kind").GetString());
        Assert.Equal("active", created.GetProperty("status").GetString());
        Assert.True(created.GetProperty("phoneNumbers")[0].GetProperty("registered").GetBoolean());
        Assert.Equal("Shop", created.GetProperty("name").GetString());
        var webhook = created.GetProperty("webhook");
        Assert.StartsWith(h.BaseAddress.ToString().TrimEnd('/') + "/webhooks/meta/", webhook.GetProperty("url").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(webhook.GetProperty("verifyToken").GetString()));

        var id = created.GetProperty("id").GetString();
        var one = await h.JsonAsync(HttpMethod.Get, $"/api/v1/connections/{id}");
        Assert.Equal(webhook.GetProperty("url").GetString(), one.GetProperty("webhook").GetProperty("url").GetString());
        var renamed = await h.JsonAsync(HttpMethod.Patch, $"/api/v1/connections/{id}", new { enabled = false, name = "Shop 2" });
        Assert.False(renamed.GetProperty("enabled").GetBoolean());
        Assert.Equal("Shop 2", renamed.GetProperty("name").GetString());
        var health = await h.JsonAsync(HttpMethod.Post, $"/api/v1/connections/{id}/health-check");
        Assert.True("active" == health.GetProperty("status").GetString(), health.ToString());
        await h.JsonAsync(HttpMethod.Get, "/api/v1/connections");

        Assert.All(h.Bodies, b =>
        {
            Assert.DoesNotContain(token, b, StringComparison.Ordinal);
            Assert.DoesNotContain(appSecret, b, StringComparison.Ordinal);
        });
    }

    private static System.Net.Http.Json.JsonContent JsonContent(object value) => System.Net.Http.Json.JsonContent.Create(value);
}
