using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Tests.Jobs;

/// <summary>Many nodes, one PostgreSQL queue: SKIP LOCKED claiming shares the work without running anything twice.</summary>
public sealed class JobScaleOutTests
{
    private const int JobCount = 1000;

    [Fact]
    public async Task Two_nodes_on_one_database_run_a_thousand_jobs_exactly_once()
    {
        var probe = new JobProbe();
        var settings = new Dictionary<string, string?> { ["Jobs:Concurrency"] = "4" };
        await using var a = await JobsHost.StartAsync(DatabaseProvider.Postgres, probe, "a", settings);
        await using var b = await JobsHost.StartAsync(DatabaseProvider.Postgres, probe, "b", settings, shareDatabaseWith: a);
        var (org, _) = await a.CreateOrganizationAsync();

        var ids = await a.InScopeAsync(org, async sp =>
        {
            var queue = sp.GetRequiredService<IJobQueue>();
            var enqueued = Enumerable.Range(0, JobCount).Select(_ => queue.Enqueue(ProbeHandler.Kind, new ProbePayload("ok"))).ToList();
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return enqueued;
        });

        await Eventually.TrueAsync(
            () => a.InScopeAsync(org, async sp => await sp.GetRequiredService<AppDbContext>().Set<Job>().CountAsync(j => j.State == JobState.Succeeded) == JobCount),
            "every job to succeed");

        var runs = probe.Runs.ToList();
        var duplicates = runs.GroupBy(r => r.JobId).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        Assert.Empty(duplicates);
        Assert.Equal(JobCount, runs.Count);
        Assert.Equal(ids.Order(), runs.Select(r => r.JobId).Order());
        Assert.All(runs, r => Assert.Equal(1, r.Attempt));
        Assert.Contains(runs, r => r.Host == "a");
        Assert.Contains(runs, r => r.Host == "b");
    }
}
