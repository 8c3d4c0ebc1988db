using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Tests.Jobs;

/// <summary>What the probe job should do. <c>ok</c>, <c>flaky</c> (fails <see cref="FailTimes"/> times), <c>broken</c> (fails until healed), <c>permanent</c>, <c>later</c> (reschedules once), <c>chain</c> (enqueues a follow-up), <c>block</c> (waits for cancellation).</summary>
internal sealed record ProbePayload(string Mode, int FailTimes = 0);

/// <summary>One run of a probe job, as its handler saw the world.</summary>
internal sealed record ProbeRun(Guid JobId, string Host, int Attempt, Guid? Tenant, int VisibleKeys, int VisibleKeysUnfiltered);

/// <summary>Shared by every host of a test: records each run and lets the test heal broken jobs.</summary>
internal sealed class JobProbe
{
    public ConcurrentQueue<ProbeRun> Runs { get; } = new();

    public ConcurrentDictionary<Guid, bool> Healed { get; } = new();

    public ConcurrentDictionary<Guid, bool> Started { get; } = new();

    public IReadOnlyList<ProbeRun> RunsOf(Guid jobId) => Runs.Where(r => r.JobId == jobId).ToList();

    public sealed record HostName(string Value);
}

internal sealed class ProbeHandler(JobProbe probe, JobProbe.HostName host, AppDbContext db, TenantContext tenant, TimeProvider clock, IJobQueue queue)
    : IJobHandler<ProbePayload>
{
    public const string Kind = "test.probe";

    public async Task<JobResult> HandleAsync(ProbePayload payload, JobContext context, CancellationToken cancellationToken)
    {
        probe.Started[context.JobId] = true;
        var visible = await db.Set<ApiKey>().CountAsync(cancellationToken);
        var unfiltered = await db.Set<ApiKey>().IgnoreQueryFilters().CountAsync(cancellationToken);
        probe.Runs.Enqueue(new ProbeRun(context.JobId, host.Value, context.Attempt, tenant.OrgId, visible, unfiltered));

        switch (payload.Mode)
        {
            case "flaky" when context.Attempt <= payload.FailTimes:
            case "broken" when !probe.Healed.ContainsKey(context.JobId):
                throw new InvalidOperationException($"Probe failure on attempt {context.Attempt}.");
            case "permanent":
                return JobResult.Fail("The probe refuses for good.");
            case "later" when probe.RunsOf(context.JobId).Count == 1:
                return JobResult.RetryAt(clock.GetUtcNow().AddMilliseconds(200));
            case "chain":
                // Not saved here: committed together with this job's success.
                queue.Enqueue(Kind, new ProbePayload("ok"));
                break;
            case "block":
                await Task.Delay(Timeout.Infinite, cancellationToken);
                break;
        }

        return JobResult.Success;
    }
}
