using System.Net;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Tests.Infrastructure;

namespace WabaGate.Server.Tests.Onboarding;

public sealed class EmbeddedSignupTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Signup_connects_registers_every_number_and_subscribes_the_app(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var started = DateTimeOffset.UtcNow.AddSeconds(-1);
        var config = await h.JsonAsync(HttpMethod.Get, "/api/v1/onboarding/embedded-signup/config");
        Assert.False(string.IsNullOrEmpty(config.GetProperty("appId").GetString()));
        Assert.False(string.IsNullOrEmpty(config.GetProperty("configId").GetString()));
        Assert.EndsWith("/sdk.js", config.GetProperty("sdkUrl").GetString(), StringComparison.Ordinal);

        var session = await h.SignupSessionAsync(phoneNumbers: 2);
        var wabaId = session.GetProperty("wabaId").GetString()!;
        var request = new { code = session.GetProperty("code").GetString(), state = config.GetProperty("state").GetString(), wabaId, @event = "FINISH" };
        var (response, body) = await h.SendAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete", request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var connection = JsonDocument.Parse(body).RootElement;
        Assert.Equal("active", connection.GetProperty("status").GetString());
        Assert.Equal("embedded_signup", connection.GetProperty("kind").GetString());
        Assert.Equal(wabaId, connection.GetProperty("wabaId").GetString());
        var numbers = connection.GetProperty("phoneNumbers").EnumerateArray().ToList();
        Assert.Equal(session.GetProperty("phoneNumberIds").EnumerateArray().Select(e => e.GetString()).Order(),
            numbers.Select(n => n.GetProperty("phoneNumberId").GetString()).Order());
        Assert.All(numbers, n => Assert.True(n.GetProperty("registered").GetBoolean()));

        // What the simulated Meta now holds: the app subscribed, every number registered (CONNECTED).
        var look = await h.IssueTokenAsync(wabaId);
        var apps = await h.GraphGetAsync($"{wabaId}/subscribed_apps", look);
        Assert.Equal(config.GetProperty("appId").GetString(), apps.GetProperty("data")[0].GetProperty("whatsapp_business_api_data").GetProperty("id").GetString());
        var phones = await h.GraphGetAsync($"{wabaId}/phone_numbers?fields=id,status", look);
        Assert.All(phones.GetProperty("data").EnumerateArray(), p => Assert.Equal("CONNECTED", p.GetProperty("status").GetString()));

        // A browser retry of the same completion is idempotent.
        var (again, againBody) = await h.SendAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete", request);
        Assert.Equal(HttpStatusCode.Created, again.StatusCode);
        Assert.Equal(connection.GetProperty("id").GetString(), JsonDocument.Parse(againBody).RootElement.GetProperty("id").GetString());

        var list = await h.JsonAsync(HttpMethod.Get, "/api/v1/connections");
        Assert.Single(list.GetProperty("items").EnumerateArray());
        var allNumbers = await h.JsonAsync(HttpMethod.Get, "/api/v1/phone-numbers");
        Assert.Equal(2, allNumbers.GetProperty("items").GetArrayLength());
        var status = await h.JsonAsync(HttpMethod.Get, $"/api/v1/onboarding/embedded-signup/status?after={Uri.EscapeDataString(started.ToString("O"))}");
        Assert.True(status.GetProperty("connected").GetBoolean());

        Assert.All(h.Bodies, b =>
        {
            Assert.DoesNotContain("accessToken", b, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("\"pin", b, StringComparison.OrdinalIgnoreCase);
            Assert.DoesNotContain("secret", b, StringComparison.OrdinalIgnoreCase);
        });
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_used_code_is_code_exchange_failed_with_metas_error(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (session, _) = await h.ConnectAsync();

        var (response, _) = await h.SendAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete",
            new { code = session.GetProperty("code").GetString(), state = await h.StateAsync(), wabaId = session.GetProperty("wabaId").GetString() });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadGateway, "code_exchange_failed");
        Assert.Equal(100, problem.GetProperty("meta").GetProperty("code").GetInt32());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Forged_reused_or_foreign_states_are_invalid_state(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var session = await h.SignupSessionAsync();
        var code = session.GetProperty("code").GetString();

        var (forged, _) = await h.SendAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete", new { code, state = "forged-state" });
        await ProblemAssert.IsProblemAsync(forged, HttpStatusCode.BadRequest, "invalid_state");

        // A state issued to another organization is not this organization's.
        using var other = await h.Gateway.NewOrganizationClientAsync(h.BaseAddress);
        var foreignState = await h.StateAsync(other);
        var (foreign, _) = await h.SendAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete", new { code, state = foreignState });
        await ProblemAssert.IsProblemAsync(foreign, HttpStatusCode.BadRequest, "invalid_state");

        // A cancelled state cannot complete.
        var cancelled = await h.StateAsync();
        var (cancel, _) = await h.SendAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/cancel", new { state = cancelled, currentStep = "PHONE_NUMBER_SETUP" });
        Assert.Equal(HttpStatusCode.NoContent, cancel.StatusCode);
        var (afterCancel, _) = await h.SendAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete", new { code, state = cancelled });
        await ProblemAssert.IsProblemAsync(afterCancel, HttpStatusCode.BadRequest, "invalid_state");
    }

    [Fact]
    public async Task An_expired_state_is_invalid_state()
    {
        await using var h = await OnboardingHarness.StartAsync(DatabaseProvider.Sqlite);
        var state = await h.StateAsync();
        await h.Gateway.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            return await db.Set<WabaGate.Server.Features.Onboarding.OnboardingState>().IgnoreQueryFilters()
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1)), TestContext.Current.CancellationToken);
        });

        var session = await h.SignupSessionAsync();
        var (response, _) = await h.SendAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete", new { code = session.GetProperty("code").GetString(), state });
        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.BadRequest, "invalid_state");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_waba_the_token_was_not_granted_is_refused(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var mine = await h.SignupSessionAsync();
        var someoneElses = await h.SignupSessionAsync();

        var (response, _) = await h.SendAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete", new
        {
            code = mine.GetProperty("code").GetString(),
            state = await h.StateAsync(),
            wabaId = someoneElses.GetProperty("wabaId").GetString(),
        });

        await ProblemAssert.IsProblemAsync(response, HttpStatusCode.Forbidden, "waba_not_granted");
        Assert.Empty((await h.JsonAsync(HttpMethod.Get, "/api/v1/connections")).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_waba_held_by_another_organization_is_a_conflict_and_invisible_to_it(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (session, connection) = await h.ConnectAsync();
        var wabaId = session.GetProperty("wabaId").GetString()!;

        using var other = await h.Gateway.NewOrganizationClientAsync(h.BaseAddress);
        var token = await h.IssueTokenAsync(wabaId);

        // The other organization cannot see the connection …
        var (get, _) = await h.SendAsync(HttpMethod.Get, $"/api/v1/connections/{connection.GetProperty("id").GetString()}", client: other);
        Assert.Equal(HttpStatusCode.NotFound, get.StatusCode);
        Assert.Empty((await h.JsonAsync(HttpMethod.Get, "/api/v1/connections", client: other)).GetProperty("items").EnumerateArray());
        Assert.Empty((await h.JsonAsync(HttpMethod.Get, "/api/v1/phone-numbers", client: other)).GetProperty("items").EnumerateArray());

        // … nor claim its WABA, by manual connect either.
        var (manual, _) = await h.SendAsync(HttpMethod.Post, "/api/v1/connections", new
        {
            accessToken = token,
            wabaId,
            phoneNumberId = session.GetProperty("phoneNumberIds")[0].GetString(),
            appSecret = "their-app-secret",
        }, other);
        await ProblemAssert.IsProblemAsync(manual, HttpStatusCode.Conflict, "waba_owned_by_another_organization");
    }
}
