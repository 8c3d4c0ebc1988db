using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;

namespace WabaGate.Server.Tests.Onboarding;

public sealed class SignupVariantsTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Finish_only_waba_connects_without_phone_numbers(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var session = await h.SignupSessionAsync(phoneNumbers: 0);

        var connection = await h.JsonAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete", new
        {
            code = session.GetProperty("code").GetString(),
            state = await h.StateAsync(),
            wabaId = session.GetProperty("wabaId").GetString(),
            @event = "FINISH_ONLY_WABA",
        });

        Assert.Equal("active", connection.GetProperty("status").GetString());
        Assert.Equal(0, connection.GetProperty("phoneNumbers").GetArrayLength());
    }

    [Fact]
    public async Task Coexistence_numbers_are_never_registered()
    {
        await using var h = await OnboardingHarness.StartAsync(DatabaseProvider.Sqlite);
        var session = await h.SignupSessionAsync();
        var wabaId = session.GetProperty("wabaId").GetString()!;

        // No wabaId claim from the browser: the only WABA the token grants is used.
        var connection = await h.JsonAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete", new
        {
            code = session.GetProperty("code").GetString(),
            state = await h.StateAsync(),
            @event = "FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING",
        });

        Assert.Equal("active", connection.GetProperty("status").GetString());
        Assert.Equal(wabaId, connection.GetProperty("wabaId").GetString());
        var number = connection.GetProperty("phoneNumbers")[0];
        Assert.True(number.GetProperty("coexistence").GetBoolean());
        Assert.False(number.GetProperty("registered").GetBoolean());
        var phones = await h.GraphGetAsync($"{wabaId}/phone_numbers?fields=id,status", await h.IssueTokenAsync(wabaId));
        Assert.Equal("PENDING", phones.GetProperty("data")[0].GetProperty("status").GetString());
    }

    [Fact]
    public async Task A_revoked_manual_token_means_needs_reauthorization()
    {
        await using var h = await OnboardingHarness.StartAsync(DatabaseProvider.Sqlite);
        var session = await h.SignupSessionAsync();
        var wabaId = session.GetProperty("wabaId").GetString()!;
        var phoneNumberId = session.GetProperty("phoneNumberIds")[0].GetString()!;
        var token = await h.IssueTokenAsync(wabaId);
        await h.RegisterAtMetaAsync(phoneNumberId, token);
        var created = await h.JsonAsync(HttpMethod.Post, "/api/v1/connections", new { accessToken = token, wabaId, phoneNumberId, appSecret = "s3cret-value" });

        using (var revoke = await h.Sim.PostAsJsonAsync("/sandbox/meta/tokens/revoke", new { accessToken = token }, TestContext.Current.CancellationToken))
        {
            revoke.EnsureSuccessStatusCode();
        }

        var health = await h.JsonAsync(HttpMethod.Post, $"/api/v1/connections/{created.GetProperty("id").GetString()}/health-check");
        Assert.Equal("needs_reauthorization", health.GetProperty("status").GetString());
    }

    [Fact]
    public async Task The_health_check_also_runs_as_a_job()
    {
        await using var h = await OnboardingHarness.StartAsync(DatabaseProvider.Sqlite);
        var (_, connection) = await h.ConnectAsync();
        var id = Guid.Parse(connection.GetProperty("id").GetString()!);
        await h.FaultAsync("debug_token", metaCode: 190, httpStatus: 401);

        await h.InOrgScopeAsync(async sp =>
        {
            sp.GetRequiredService<WabaGate.Server.Infrastructure.Jobs.IJobQueue>().Enqueue("connections.health_check", new { connectionId = id });
            return await sp.GetRequiredService<AppDbContext>().SaveChangesAsync(TestContext.Current.CancellationToken);
        });

        await h.WaitForStatusAsync(id.ToString(), "needs_reauthorization");
    }
}
