using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Connections;
using WabaGate.Server.Tests.Infrastructure;

namespace WabaGate.Server.Tests.Onboarding;

/// <summary>The <c>Idempotency-Key</c> of manual connect, scheduled health checks, and reauthorization keeping history.</summary>
public sealed class ConnectionScheduleAndIdempotencyTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_same_idempotency_key_and_body_return_the_first_connection_and_another_body_is_409(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var session = await h.SignupSessionAsync();
        var wabaId = session.GetProperty("wabaId").GetString()!;
        var phoneNumberId = session.GetProperty("phoneNumberIds")[0].GetString()!;
        var token = await h.IssueTokenAsync(wabaId);
        await h.RegisterAtMetaAsync(phoneNumberId, token);
        var body = new { accessToken = token, wabaId, phoneNumberId, appSecret = "idem-app-secret-value", name = "Idem" };

        using var first = await PostAsync(h, "key-1", body);
        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        var created = await first.Content.ReadFromJsonAsync<JsonElement>(Ct);

        // Without the key the WABA is already connected: the replay below really is answered from the record.
        using var plain = await PostAsync(h, null, body);
        await ProblemAssert.IsProblemAsync(plain, HttpStatusCode.Conflict, "conflict");

        using var replay = await PostAsync(h, "key-1", body);
        Assert.Equal(HttpStatusCode.Created, replay.StatusCode);
        var again = await replay.Content.ReadFromJsonAsync<JsonElement>(Ct);
        Assert.Equal(created.GetProperty("id").GetString(), again.GetProperty("id").GetString());
        Assert.Equal(created.GetProperty("webhook").GetProperty("url").GetString(), again.GetProperty("webhook").GetProperty("url").GetString());
        Assert.Equal(first.Headers.Location, replay.Headers.Location);

        // The same request written differently (property order, spacing) is still the same request.
        var reordered = $"{{ \"name\": \"Idem\",  \"appSecret\": \"idem-app-secret-value\", \"phoneNumberId\": \"{phoneNumberId}\", \"wabaId\": \"{wabaId}\", \"accessToken\": \"{token}\" }}";
        using var other = await PostAsync(h, "key-1", new StringContent(reordered, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Created, other.StatusCode);
        Assert.Equal(created.GetProperty("id").GetString(), (await other.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("id").GetString());

        using var changed = await PostAsync(h, "key-1", new { accessToken = token, wabaId, phoneNumberId, appSecret = "another-secret", name = "Idem" });
        await ProblemAssert.IsProblemAsync(changed, HttpStatusCode.Conflict, "idempotency_key_reused");

        var connections = await h.InOrgScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Connection>().CountAsync(Ct));
        Assert.Equal(1, connections);
        var hashes = await h.InOrgScopeAsync(sp => sp.GetRequiredService<AppDbContext>()
            .Set<WabaGate.Server.Infrastructure.Idempotency.IdempotencyRecord>().Select(r => r.RequestHash).ToListAsync(Ct));
        Assert.Single(hashes);
        Assert.Equal(32, hashes[0].Length); // a hash, never the body with its token and secret
    }

    [Fact]
    public async Task A_failed_request_is_not_remembered_so_its_key_can_be_retried()
    {
        await using var h = await OnboardingHarness.StartAsync(DatabaseProvider.Sqlite);
        var session = await h.SignupSessionAsync();
        var wabaId = session.GetProperty("wabaId").GetString()!;
        var phoneNumberId = session.GetProperty("phoneNumberIds")[0].GetString()!;
        var token = await h.IssueTokenAsync(wabaId);
        await h.RegisterAtMetaAsync(phoneNumberId, token);
        var body = new { accessToken = token, wabaId, phoneNumberId, appSecret = "retry-secret" };

        await h.FaultAsync("phone_numbers", metaCode: 100, httpStatus: 400);
        using var failed = await PostAsync(h, "key-retry", body);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, failed.StatusCode);

        using var retried = await PostAsync(h, "key-retry", body);
        Assert.Equal(HttpStatusCode.Created, retried.StatusCode);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Scheduled_sweeps_enqueue_one_health_check_per_connection_and_interval_however_many_nodes_sweep(DatabaseProvider provider)
    {
        // A long interval: the timer itself stays quiet during the test; the sweeps are called directly.
        await using var h = await OnboardingHarness.StartAsync(provider, new Dictionary<string, string?> { ["Connections:HealthCheckInterval"] = "1.00:00:00" });
        var (_, active) = await h.ConnectAsync();
        var (_, disconnected) = await h.ConnectAsync();
        var (deleted, _) = await h.SendAsync(HttpMethod.Delete, $"/api/v1/connections/{disconnected.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        using var other = await h.Gateway.NewOrganizationClientAsync(h.BaseAddress);
        var otherSession = await h.SignupSessionAsync();
        await h.JsonAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete",
            new { code = otherSession.GetProperty("code").GetString(), state = await h.StateAsync(other), wabaId = otherSession.GetProperty("wabaId").GetString() },
            other);

        var schedule = h.Gateway.Services.GetRequiredService<HealthCheckSchedule>();
        var firstSweep = await schedule.SweepAsync(Ct);
        var secondSweep = await schedule.SweepAsync(Ct);
        var otherNode = ActivatorUtilities.CreateInstance<HealthCheckSchedule>(h.Gateway.Services);
        var otherNodeSweep = await otherNode.SweepAsync(Ct);

        Assert.Equal(2, firstSweep); // both organizations' active connections, not the disconnected one
        Assert.Equal(0, secondSweep);
        Assert.Equal(0, otherNodeSweep);
        var jobs = await h.InOrgScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Job>()
            .Where(j => j.Kind == ConnectionHealth.JobKind).Select(j => j.Payload).ToListAsync(Ct));
        Assert.Single(jobs);
        Assert.Contains(active.GetProperty("id").GetString()!, jobs[0], StringComparison.Ordinal);

        // The job runs: the connection shows when it was last checked.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        JsonElement checkedConnection;
        do
        {
            await Task.Delay(200, Ct);
            checkedConnection = await h.JsonAsync(HttpMethod.Get, $"/api/v1/connections/{active.GetProperty("id").GetString()}");
        }
        while (checkedConnection.GetProperty("lastHealthCheckAt").ValueKind == JsonValueKind.Null && DateTime.UtcNow < deadline);
        Assert.NotEqual(JsonValueKind.Null, checkedConnection.GetProperty("lastHealthCheckAt").ValueKind);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task After_190_signing_up_again_with_the_same_waba_reactivates_the_same_connection(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (session, connection) = await h.ConnectAsync();
        var id = connection.GetProperty("id").GetString()!;
        var wabaId = session.GetProperty("wabaId").GetString()!;
        await h.FaultAsync("debug_token", metaCode: 190, httpStatus: 401);
        var broken = await h.JsonAsync(HttpMethod.Post, $"/api/v1/connections/{id}/health-check");
        Assert.Equal("needs_reauthorization", broken.GetProperty("status").GetString());

        using var again = await h.Sim.PostAsJsonAsync("/sandbox/meta/signup-sessions", new { wabaId }, Ct);
        again.EnsureSuccessStatusCode();
        var code = (await again.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString();
        var reconnected = await h.JsonAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete",
            new { code, state = await h.StateAsync(), wabaId, @event = "FINISH" });

        Assert.Equal(id, reconnected.GetProperty("id").GetString());
        Assert.Equal("active", reconnected.GetProperty("status").GetString());
        // PostgreSQL keeps microseconds: compare the creation time to the millisecond.
        Assert.Equal(connection.GetProperty("createdAt").GetDateTimeOffset().ToUnixTimeMilliseconds(),
            reconnected.GetProperty("createdAt").GetDateTimeOffset().ToUnixTimeMilliseconds());
        var rows = await h.InOrgScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Connection>().CountAsync(Ct));
        Assert.Equal(1, rows);
        var phones = await h.InOrgScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<PhoneNumber>().CountAsync(Ct));
        Assert.Equal(1, phones);
    }

    [Fact]
    public async Task A_redirect_uri_other_than_the_gateways_own_callback_is_refused_before_the_code_is_used()
    {
        await using var h = await OnboardingHarness.StartAsync(DatabaseProvider.Sqlite);
        var session = await h.SignupSessionAsync();
        var code = session.GetProperty("code").GetString();
        var state = await h.StateAsync();

        var (refused, _) = await h.SendAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete",
            new { code, state, redirectUri = "https://evil.example/onboarding/callback" });
        var problem = await ProblemAssert.IsProblemAsync(refused, HttpStatusCode.BadRequest, "validation_failed");
        Assert.True(problem.GetProperty("errors").TryGetProperty("redirectUri", out _));

        // Neither the state nor the code was spent: the same pair still completes (the redirect flow itself is a browser test).
        var connection = await h.JsonAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/complete", new { code, state });
        Assert.Equal("active", connection.GetProperty("status").GetString());
    }

    private static async Task<HttpResponseMessage> PostAsync(OnboardingHarness h, string? key, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/connections") { Content = body as HttpContent ?? JsonContent.Create(body) };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        var response = await h.Api.SendAsync(request, Ct);
        h.Bodies.Add(await response.Content.ReadAsStringAsync(Ct));
        return response;
    }
}
