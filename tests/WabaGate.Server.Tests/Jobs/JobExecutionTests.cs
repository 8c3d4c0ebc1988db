using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Tests.Jobs;

/// <summary>A job's life on one node: run under its organization, retried, rescheduled, dead-lettered.</summary>
public sealed class JobExecutionTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_enqueued_job_runs_once_under_its_organization_and_a_system_job_sees_no_tenant_rows(DatabaseProvider provider)
    {
        var probe = new JobProbe();
        await using var host = await JobsHost.StartAsync(provider, probe);
        var (orgA, _) = await host.CreateOrganizationAsync();
        await host.CreateOrganizationAsync();

        var orgJob = await host.EnqueueAsync(orgA, new ProbePayload("ok"));
        var systemJob = await host.InScopeAsync(null, async sp =>
        {
            // The unit-of-work form: added with the caller's changes, committed by its SaveChanges.
            var id = sp.GetRequiredService<IJobQueue>().Enqueue(ProbeHandler.Kind, new ProbePayload("ok"));
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
            return id;
        });

        var systemWritten = await host.InScopeAsync(null, sp => sp.GetRequiredService<IJobQueue>().EnqueueAsync(ProbeHandler.Kind, new ProbePayload("ok")));

        var done = await host.WaitForStateAsync(orgA, orgJob, JobState.Succeeded);
        await host.WaitForStateAsync(null, systemWritten!.Value, JobState.Succeeded);
        var systemDone = await host.WaitForStateAsync(null, systemJob, JobState.Succeeded);

        Assert.Equal(1, done.Attempts);
        Assert.NotNull(done.CompletedAt);
        Assert.Null(done.LockedBy);
        Assert.Equal(orgA, done.OrgId);
        Assert.Null(systemDone.OrgId);

        var run = Assert.Single(probe.RunsOf(orgJob));
        Assert.Equal(orgA, run.Tenant);
        Assert.Equal(1, run.VisibleKeys);

        var systemRun = Assert.Single(probe.RunsOf(systemJob));
        Assert.Null(systemRun.Tenant);
        Assert.Equal(0, systemRun.VisibleKeys);
        if (provider == DatabaseProvider.Postgres)
        {
            // Row-level security, not only the EF filter: without the filter the database still shows nothing across tenants.
            Assert.Equal(1, run.VisibleKeysUnfiltered);
            Assert.Equal(0, systemRun.VisibleKeysUnfiltered);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_failing_job_is_retried_with_backoff_until_it_succeeds(DatabaseProvider provider)
    {
        var probe = new JobProbe();
        await using var host = await JobsHost.StartAsync(provider, probe);
        var (org, _) = await host.CreateOrganizationAsync();

        var id = await host.EnqueueAsync(org, new ProbePayload("flaky", FailTimes: 2), maxAttempts: 5);
        var job = await host.WaitForStateAsync(org, id, JobState.Succeeded);

        Assert.Equal(3, job.Attempts);
        Assert.Equal([1, 2, 3], probe.RunsOf(id).Select(r => r.Attempt));
        Assert.StartsWith("InvalidOperationException: Probe failure on attempt 2", job.LastError, StringComparison.Ordinal);
        Assert.True(job.RunAt > job.CreatedAt, "A retried job is scheduled after a backoff delay.");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_permanent_failure_is_dead_at_once(DatabaseProvider provider)
    {
        var probe = new JobProbe();
        await using var host = await JobsHost.StartAsync(provider, probe);
        var (org, _) = await host.CreateOrganizationAsync();

        var id = await host.EnqueueAsync(org, new ProbePayload("permanent"), maxAttempts: 5);
        var job = await host.WaitForStateAsync(org, id, JobState.Dead);

        Assert.Equal(1, job.Attempts);
        Assert.Equal("The probe refuses for good.", job.LastError);
        Assert.Single(probe.RunsOf(id));
    }

    [Fact]
    public async Task Retry_later_reschedules_without_counting_a_failure()
    {
        var probe = new JobProbe();
        await using var host = await JobsHost.StartAsync(DatabaseProvider.Sqlite, probe);
        var (org, _) = await host.CreateOrganizationAsync();

        var id = await host.EnqueueAsync(org, new ProbePayload("later"), maxAttempts: 1);
        var job = await host.WaitForStateAsync(org, id, JobState.Succeeded);

        Assert.Equal(2, probe.RunsOf(id).Count);
        Assert.All(probe.RunsOf(id), r => Assert.Equal(1, r.Attempt));
        Assert.Equal(1, job.Attempts);
        Assert.Null(job.LastError);
    }

    [Fact]
    public async Task Work_a_handler_leaves_unsaved_is_committed_with_its_success()
    {
        var probe = new JobProbe();
        await using var host = await JobsHost.StartAsync(DatabaseProvider.Sqlite, probe);
        var (org, _) = await host.CreateOrganizationAsync();

        var id = await host.EnqueueAsync(org, new ProbePayload("chain"));
        await host.WaitForStateAsync(org, id, JobState.Succeeded);

        await Eventually.TrueAsync(() => Task.FromResult(probe.Runs.Count == 2), "the follow-up job to run");
        Assert.NotEqual(id, probe.Runs.Last().JobId);
        Assert.Equal(org, probe.Runs.Last().Tenant);
    }

    [Fact]
    public async Task A_payload_that_cannot_be_read_is_dead_at_once()
    {
        var probe = new JobProbe();
        await using var host = await JobsHost.StartAsync(DatabaseProvider.Sqlite, probe);
        var (org, _) = await host.CreateOrganizationAsync();

        var id = await host.InScopeAsync(org, sp =>
            sp.GetRequiredService<IJobQueue>().EnqueueAsync(ProbeHandler.Kind, new[] { 1, 2 }));
        var job = await host.WaitForStateAsync(org, id!.Value, JobState.Dead);

        Assert.Contains(nameof(ProbePayload), job.LastError, StringComparison.Ordinal);
        Assert.Empty(probe.RunsOf(id.Value));
    }
}
