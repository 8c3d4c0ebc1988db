using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Tests.Jobs;

/// <summary>Workers die and nodes stop: leases bring their jobs back.</summary>
public sealed class JobLeaseTests
{
    private static readonly Dictionary<string, string?> NoWorker = new() { ["Jobs:Concurrency"] = "0" };

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_job_whose_worker_died_runs_again_when_its_lease_expires(DatabaseProvider provider)
    {
        var probe = new JobProbe();
        await using var apiNode = await JobsHost.StartAsync(provider, probe, "api", NoWorker);
        var (org, _) = await apiNode.CreateOrganizationAsync();
        var id = await apiNode.EnqueueAsync(org, new ProbePayload("ok"));

        // A worker claims the job through the real claim and then vanishes without a word.
        var claimed = await apiNode.InScopeAsync(null, sp => sp.GetRequiredService<JobStore>().ClaimAsync("ghost", 10, TimeSpan.FromSeconds(1), CancellationToken.None));
        Assert.Equal(id, Assert.Single(claimed).Id);
        var held = await apiNode.FindJobAsync(org, id);
        Assert.Equal(JobState.Running, held!.State);
        Assert.Equal("ghost", held.LockedBy);

        await using var workerNode = await JobsHost.StartAsync(provider, probe, "worker", shareDatabaseWith: apiNode);
        var job = await apiNode.WaitForStateAsync(org, id, JobState.Succeeded);

        Assert.Equal(2, job.Attempts);
        var run = Assert.Single(probe.Runs);
        Assert.Equal(("worker", 2), (run.Host, run.Attempt));
    }

    [Fact]
    public async Task Stopping_a_node_hands_its_running_jobs_back_without_spending_an_attempt()
    {
        var probe = new JobProbe();
        await using var observer = await JobsHost.StartAsync(DatabaseProvider.Postgres, probe, "observer", NoWorker);
        var (org, _) = await observer.CreateOrganizationAsync();
        var node = await JobsHost.StartAsync(DatabaseProvider.Postgres, probe, "node", shareDatabaseWith: observer);
        Guid id;
        try
        {
            id = await node.EnqueueAsync(org, new ProbePayload("block"));
            await Eventually.TrueAsync(() => Task.FromResult(probe.Started.ContainsKey(id)), "the blocking job to start");
        }
        finally
        {
            await node.DisposeAsync();
        }

        var job = await observer.FindJobAsync(org, id);
        Assert.Equal(JobState.Pending, job!.State);
        Assert.Equal(0, job.Attempts);
        Assert.Null(job.LockedBy);
    }
}
