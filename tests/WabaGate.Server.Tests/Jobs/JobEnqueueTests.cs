using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Tests.Jobs;

/// <summary>Putting work on the queue: deduplication, the outbox property, organization checks.</summary>
public sealed class JobEnqueueTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_dedupe_key_enqueues_once(DatabaseProvider provider)
    {
        var probe = new JobProbe();
        await using var host = await JobsHost.StartAsync(provider, probe);
        var (org, _) = await host.CreateOrganizationAsync();
        var key = "webhook:" + Guid.NewGuid();

        var first = await host.InScopeAsync(org, sp => sp.GetRequiredService<IJobQueue>().EnqueueAsync(ProbeHandler.Kind, new ProbePayload("ok"), dedupeKey: key));
        var second = await host.InScopeAsync(org, sp => sp.GetRequiredService<IJobQueue>().EnqueueAsync(ProbeHandler.Kind, new ProbePayload("ok"), dedupeKey: key));
        await host.WaitForStateAsync(org, first!.Value, JobState.Succeeded);
        var third = await host.InScopeAsync(org, sp => sp.GetRequiredService<IJobQueue>().EnqueueAsync(ProbeHandler.Kind, new ProbePayload("ok"), dedupeKey: key));

        // In the unit-of-work form a duplicate fails the caller's save: nothing of that transaction is written.
        await Assert.ThrowsAsync<DbUpdateException>(() => host.InScopeAsync(org, async sp =>
        {
            sp.GetRequiredService<IJobQueue>().Enqueue(ProbeHandler.Kind, new ProbePayload("ok"), dedupeKey: key);
            return await sp.GetRequiredService<AppDbContext>().SaveChangesAsync();
        }));

        Assert.Null(second);
        Assert.Null(third);
        var withKey = await host.InScopeAsync(org, sp => sp.GetRequiredService<AppDbContext>().Set<Job>().CountAsync(j => j.DedupeKey == key));
        Assert.Equal(1, withKey);
        Assert.Single(probe.Runs);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_rolled_back_transaction_leaves_no_job_and_a_committed_one_runs(DatabaseProvider provider)
    {
        var probe = new JobProbe();
        await using var host = await JobsHost.StartAsync(provider, probe);
        var (org, _) = await host.CreateOrganizationAsync();

        async Task<(Guid Key, Guid Queued, Guid? Written)> WriteAsync(bool commit) => await host.InScopeAsync(org, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var jobs = sp.GetRequiredService<IJobQueue>();
            await using var transaction = await db.Database.BeginTransactionAsync();
            var key = new ApiKey { OrgId = org, Name = "outbox", Prefix = "wg_x", Hash = ApiKeySecret.Hash("wg_outbox_" + Guid.NewGuid()) };
            db.Add(key);
            var queued = jobs.Enqueue(ProbeHandler.Kind, new ProbePayload("ok"));
            await db.SaveChangesAsync();
            var written = await jobs.EnqueueAsync(ProbeHandler.Kind, new ProbePayload("ok"), dedupeKey: "outbox:" + key.Id);
            if (commit)
            {
                await transaction.CommitAsync();
            }
            else
            {
                await transaction.RollbackAsync();
            }

            return (key.Id, queued, written);
        });

        var rolledBack = await WriteAsync(commit: false);
        var committed = await WriteAsync(commit: true);

        await host.WaitForStateAsync(org, committed.Queued, JobState.Succeeded);
        await host.WaitForStateAsync(org, committed.Written!.Value, JobState.Succeeded);
        Assert.Null(await host.FindJobAsync(org, rolledBack.Queued));
        Assert.Null(await host.FindJobAsync(org, rolledBack.Written!.Value));
        Assert.False(await host.InScopeAsync(org, sp => sp.GetRequiredService<AppDbContext>().Set<ApiKey>().AnyAsync(k => k.Id == rolledBack.Key)));
        Assert.Empty(probe.RunsOf(rolledBack.Queued));
        Assert.Equal(2, probe.Runs.Count);
    }

    [Fact]
    public async Task A_job_cannot_be_enqueued_for_another_organization()
    {
        await using var host = await JobsHost.StartAsync(DatabaseProvider.Sqlite, new JobProbe());
        var (a, _) = await host.CreateOrganizationAsync();
        var (b, _) = await host.CreateOrganizationAsync();

        await Assert.ThrowsAsync<InvalidOperationException>(() => host.InScopeAsync(a, sp =>
            Task.FromResult(sp.GetRequiredService<IJobQueue>().Enqueue(ProbeHandler.Kind, new ProbePayload("ok"), orgId: b))));
    }
}
