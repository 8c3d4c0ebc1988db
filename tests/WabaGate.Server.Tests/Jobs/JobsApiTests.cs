using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Tests.Jobs;

/// <summary>The organization's view of its jobs: dead letters, paging, retry, and nothing of anyone else's.</summary>
public sealed class JobsApiTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_exhausted_job_is_dead_visible_through_the_API_and_can_be_retried(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var probe = new JobProbe();
        await using var host = await JobsHost.StartAsync(provider, probe);
        var (org, client) = await host.CreateOrganizationAsync();

        var id = await host.EnqueueAsync(org, new ProbePayload("broken"), maxAttempts: 2);
        await host.WaitForStateAsync(org, id, JobState.Dead);

        var dead = await client.GetFromJsonAsync<JsonElement>("/api/v1/jobs?state=dead", ct);
        var item = Assert.Single(dead.GetProperty("items").EnumerateArray());
        Assert.Equal(id, item.GetProperty("id").GetGuid());
        Assert.Equal("dead", item.GetProperty("state").GetString());
        Assert.Equal(2, item.GetProperty("attempts").GetInt32());
        Assert.Equal(2, item.GetProperty("maxAttempts").GetInt32());
        Assert.StartsWith("InvalidOperationException", item.GetProperty("lastError").GetString(), StringComparison.Ordinal);
        Assert.False(item.TryGetProperty("payload", out _));

        var one = await client.GetFromJsonAsync<JsonElement>($"/api/v1/jobs/{id}", ct);
        Assert.Equal("dead", one.GetProperty("state").GetString());
        Assert.True(one.TryGetProperty("completedAt", out _));

        probe.Healed[id] = true;
        using var retried = await client.PostAsync($"/api/v1/jobs/{id}/retry", null, ct);
        Assert.Equal(HttpStatusCode.OK, retried.StatusCode);
        var revived = await retried.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(0, revived.GetProperty("attempts").GetInt32());

        var job = await host.WaitForStateAsync(org, id, JobState.Succeeded);
        Assert.Equal(1, job.Attempts);
        Assert.Equal(3, probe.RunsOf(id).Count);

        using var again = await client.PostAsync($"/api/v1/jobs/{id}/retry", null, ct);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Equal("job_not_dead", (await again.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("code").GetString());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Lists_page_by_cursor_filter_and_show_only_the_callers_organization(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var host = await JobsHost.StartAsync(provider, new JobProbe());
        var (a, clientA) = await host.CreateOrganizationAsync();
        var (b, clientB) = await host.CreateOrganizationAsync();
        var mine = await InsertAsync(host, a, ("x.sync", JobState.Dead), ("x.sync", JobState.Succeeded), ("y.send", JobState.Dead), ("y.send", JobState.Dead), ("x.sync", JobState.Dead));
        var theirs = await InsertAsync(host, b, ("x.sync", JobState.Dead));

        var seen = new List<Guid>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var page = await clientA.GetFromJsonAsync<JsonElement>($"/api/v1/jobs?limit=2{(cursor is null ? string.Empty : "&cursor=" + cursor)}", ct);
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        Assert.Equal(3, pages);
        Assert.Equal(mine.AsEnumerable().Reverse(), seen);

        var deadSyncs = await clientA.GetFromJsonAsync<JsonElement>("/api/v1/jobs?state=dead&kind=x.sync", ct);
        Assert.Equal([mine[4], mine[0]], deadSyncs.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));

        Assert.Equal(HttpStatusCode.NotFound, (await clientA.GetAsync($"/api/v1/jobs/{theirs[0]}", ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await clientA.PostAsync($"/api/v1/jobs/{theirs[0]}/retry", null, ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await clientB.GetAsync($"/api/v1/jobs/{theirs[0]}", ct)).StatusCode);

        using var bad = await clientA.GetAsync("/api/v1/jobs?state=exploded&cursor=%%%", ct);
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var problem = await bad.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal("validation_failed", problem.GetProperty("code").GetString());
        Assert.True(problem.GetProperty("errors").TryGetProperty("state", out _));
    }

    [Fact]
    public async Task Agents_may_not_see_jobs()
    {
        await using var host = await JobsHost.StartAsync(DatabaseProvider.Sqlite, new JobProbe());
        var (_, agent) = await host.CreateOrganizationAsync(OrgRole.Agent);

        using var response = await agent.GetAsync("/api/v1/jobs", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    /// <summary>Finished jobs written directly (a kind no worker handles), oldest first.</summary>
    internal static Task<List<Guid>> InsertAsync(JobsHost host, Guid org, params (string Kind, JobState State)[] jobs)
        => host.InScopeAsync(org, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var ids = new List<Guid>();
            var now = DateTimeOffset.UtcNow;
            foreach (var (kind, state) in jobs)
            {
                var job = new Job
                {
                    OrgId = org,
                    Kind = kind,
                    Payload = "{}",
                    State = state,
                    Attempts = 1,
                    MaxAttempts = 1,
                    RunAt = now,
                    CreatedAt = now,
                    UpdatedAt = now,
                    CompletedAt = now,
                    LastError = state == JobState.Dead ? "boom" : null,
                };
                db.Add(job);
                await db.SaveChangesAsync();
                ids.Add(job.Id);
                await Task.Delay(2);
            }

            return ids;
        });
}
