using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Tests.Jobs;

/// <summary>Retention of succeeded jobs and the queue statistics metrics will read.</summary>
public sealed class JobMaintenanceTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Old_succeeded_jobs_are_purged_and_the_queue_is_counted(DatabaseProvider provider)
    {
        var settings = new Dictionary<string, string?> { ["Jobs:SucceededRetention"] = "2.00:00:00", ["Jobs:Concurrency"] = "0" };
        await using var host = await JobsHost.StartAsync(provider, new JobProbe(), settings: settings);
        var (a, _) = await host.CreateOrganizationAsync();
        var (b, _) = await host.CreateOrganizationAsync();
        var now = DateTimeOffset.UtcNow;
        var oldA = await AddAsync(host, a, JobState.Succeeded, now.AddDays(-3));
        var oldB = await AddAsync(host, b, JobState.Succeeded, now.AddDays(-3));
        var recent = await AddAsync(host, a, JobState.Succeeded, now.AddDays(-1));
        var oldDead = await AddAsync(host, b, JobState.Dead, now.AddDays(-3));
        await AddAsync(host, a, JobState.Pending, null);
        await AddAsync(host, null, JobState.Pending, null);

        var maintenance = host.Services.GetServices<IHostedService>().OfType<JobMaintenance>().Single();
        await maintenance.RunOnceAsync(TestContext.Current.CancellationToken);

        Assert.Null(await host.FindJobAsync(a, oldA));
        Assert.Null(await host.FindJobAsync(b, oldB));
        Assert.NotNull(await host.FindJobAsync(a, recent));
        Assert.NotNull(await host.FindJobAsync(b, oldDead));

        var stats = host.Services.GetRequiredService<JobQueueStats>().Snapshot();
        var kind = Assert.Single(stats.Kinds);
        Assert.Equal(("retention.test", 2, 0, 1), (kind.Kind, kind.Pending, kind.Running, kind.Dead));
        Assert.Equal(2, stats.Pending);
        Assert.NotNull(stats.OldestPendingAge(DateTimeOffset.UtcNow));
    }

    private static Task<Guid> AddAsync(JobsHost host, Guid? org, JobState state, DateTimeOffset? completedAt)
        => host.InScopeAsync(org, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var at = completedAt ?? DateTimeOffset.UtcNow.AddMinutes(-1);
            var job = new Job
            {
                OrgId = org,
                Kind = "retention.test",
                Payload = "{}",
                State = state,
                MaxAttempts = 1,
                RunAt = at,
                CreatedAt = at,
                UpdatedAt = at,
                CompletedAt = completedAt,
            };
            db.Add(job);
            await db.SaveChangesAsync();
            return job.Id;
        });
}
