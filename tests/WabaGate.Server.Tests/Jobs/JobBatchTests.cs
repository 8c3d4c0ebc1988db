using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Tests.Jobs;

/// <summary>Batch handlers: siblings claimed together, one commit for the successes, one bad job never failing its neighbours.</summary>
public sealed class JobBatchTests
{
    private static readonly Dictionary<string, string?> OneSlot = new() { ["Jobs:Concurrency"] = "1" };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Due_jobs_of_one_organization_run_together_and_their_changes_commit_with_their_success(DatabaseProvider provider)
    {
        await using var host = await JobsHost.StartAsync(provider, new JobProbe(), settings: OneSlot);
        var (org, _) = await host.CreateOrganizationAsync();

        var ids = await EnqueueAsync(host, org, [.. Enumerable.Range(0, 20).Select(i => new BatchProbePayload("ok", $"t{i}"))]);
        foreach (var id in ids)
        {
            await host.WaitForStateAsync(org, id, JobState.Succeeded);
        }

        var calls = host.Batches.Calls.ToList();
        Assert.All(calls, c => Assert.Equal(org, c.Tenant));
        Assert.All(calls, c => Assert.InRange(c.Size, 1, JobsHost.MaxBatch));
        Assert.Contains(calls, c => !c.Alone && c.Size > 1);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => $"t{i}").Order(), calls.SelectMany(c => c.Tags).Order());

        // Each job's follow-up was committed with the batch's completion (the handler left its transaction open).
        var followUps = await FollowUpsAsync(host, org);
        Assert.Equal(20, followUps.Count);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_job_that_fails_in_a_batch_is_dead_alone_and_its_neighbours_succeed(DatabaseProvider provider)
    {
        await using var host = await JobsHost.StartAsync(provider, new JobProbe(), settings: OneSlot);
        var (org, _) = await host.CreateOrganizationAsync();

        var ids = await EnqueueAsync(host, org, [new("ok", "a"), new("fail", "b"), new("ok", "c")]);

        var failed = await host.WaitForStateAsync(org, ids[1], JobState.Dead);
        await host.WaitForStateAsync(org, ids[0], JobState.Succeeded);
        await host.WaitForStateAsync(org, ids[2], JobState.Succeeded);
        Assert.Equal("The probe refuses for good.", failed.LastError);
        Assert.Equal(["after:a", "after:c"], (await FollowUpsAsync(host, org)).Order());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_batch_that_throws_keeps_nothing_and_runs_each_job_alone(DatabaseProvider provider)
    {
        await using var host = await JobsHost.StartAsync(provider, new JobProbe(), settings: OneSlot);
        var (org, _) = await host.CreateOrganizationAsync();

        var ids = await EnqueueAsync(host, org, [new("ok", "a"), new("poison", "p"), new("ok", "c")], maxAttempts: 1);

        await host.WaitForStateAsync(org, ids[0], JobState.Succeeded);
        await host.WaitForStateAsync(org, ids[2], JobState.Succeeded);
        var poisoned = await host.WaitForStateAsync(org, ids[1], JobState.Dead);
        Assert.StartsWith("InvalidOperationException: Poisoned.", poisoned.LastError, StringComparison.Ordinal);

        var calls = host.Batches.Calls.ToList();
        Assert.Contains(calls, c => !c.Alone && c.Tags.Contains("p"));
        Assert.Equal(["a", "c", "p"], calls.Where(c => c.Alone).SelectMany(c => c.Tags).Order());
        Assert.Equal(["after:a", "after:c"], (await FollowUpsAsync(host, org)).Order());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_batch_holds_one_organization_only(DatabaseProvider provider)
    {
        await using var host = await JobsHost.StartAsync(provider, new JobProbe(), settings: OneSlot);
        var (orgA, _) = await host.CreateOrganizationAsync();
        var (orgB, _) = await host.CreateOrganizationAsync();

        var a = await EnqueueAsync(host, orgA, [.. Enumerable.Range(0, 6).Select(i => new BatchProbePayload("ok", $"a{i}"))]);
        var b = await EnqueueAsync(host, orgB, [.. Enumerable.Range(0, 6).Select(i => new BatchProbePayload("ok", $"b{i}"))]);
        foreach (var id in a)
        {
            await host.WaitForStateAsync(orgA, id, JobState.Succeeded);
        }

        foreach (var id in b)
        {
            await host.WaitForStateAsync(orgB, id, JobState.Succeeded);
        }

        foreach (var call in host.Batches.Calls)
        {
            var prefix = call.Tenant == orgA ? "a" : "b";
            Assert.All(call.Tags, t => Assert.StartsWith(prefix, t, StringComparison.Ordinal));
        }
    }

    /// <summary>Enqueues the jobs in one commit, so they are all due when the worker next claims.</summary>
    private static Task<List<Guid>> EnqueueAsync(JobsHost host, Guid org, BatchProbePayload[] payloads, int? maxAttempts = null)
        => host.InScopeAsync(org, async sp =>
        {
            var queue = sp.GetRequiredService<IJobQueue>();
            var ids = payloads.Select(p => queue.Enqueue(BatchProbeHandler.Kind, p, maxAttempts: maxAttempts)).ToList();
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return ids;
        });

    private static Task<List<string>> FollowUpsAsync(JobsHost host, Guid org)
        => host.InScopeAsync(org, sp => sp.GetRequiredService<AppDbContext>().Set<Job>().AsNoTracking()
            .Where(j => j.Kind == ProbeHandler.Kind && j.DedupeKey != null).Select(j => j.DedupeKey!).ToListAsync());
}
