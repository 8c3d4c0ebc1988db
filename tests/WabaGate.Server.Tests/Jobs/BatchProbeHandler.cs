using System.Collections.Concurrent;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Tests.Jobs;

/// <summary><c>ok</c>, <c>fail</c> (fails for good), <c>poison</c> (makes the whole batch throw, and fails alone too).</summary>
internal sealed record BatchProbePayload(string Mode, string Tag);

/// <summary>One call of the batch probe: how many jobs, under which tenant, which tags; <c>Alone</c> for a single-job call.</summary>
internal sealed record BatchProbeCall(int Size, Guid? Tenant, IReadOnlyList<string> Tags, bool Alone);

internal sealed class BatchProbe
{
    public ConcurrentQueue<BatchProbeCall> Calls { get; } = new();
}

/// <summary>
/// Runs batches like a real batch handler: opens a transaction on the scope's context and leaves it open, writes a
/// follow-up job per succeeded item inside it (committed by the runner with the completions), and returns one result
/// per item.
/// </summary>
internal sealed class BatchProbeHandler(BatchProbe probe, AppDbContext db, TenantContext tenant, IJobQueue queue) : IJobBatchHandler<BatchProbePayload>
{
    public const string Kind = "test.batch";

    public async Task<JobResult> HandleAsync(BatchProbePayload payload, JobContext context, CancellationToken cancellationToken)
    {
        probe.Calls.Enqueue(new BatchProbeCall(1, tenant.OrgId, [payload.Tag], Alone: true));
        if (payload.Mode == "poison")
        {
            throw new InvalidOperationException("Poisoned.");
        }

        queue.Enqueue(ProbeHandler.Kind, new ProbePayload("ok"), dedupeKey: "after:" + payload.Tag);
        return payload.Mode == "fail" ? JobResult.Fail("The probe refuses for good.") : JobResult.Success;
    }

    public async Task<IReadOnlyList<JobResult>> HandleBatchAsync(IReadOnlyList<JobBatchItem<BatchProbePayload>> items, CancellationToken cancellationToken)
    {
        probe.Calls.Enqueue(new BatchProbeCall(items.Count, tenant.OrgId, [.. items.Select(i => i.Payload.Tag)], Alone: false));
        if (items.Any(i => i.Payload.Mode == "poison"))
        {
            throw new InvalidOperationException("A poisoned batch.");
        }

        _ = await db.Database.BeginTransactionAsync(cancellationToken);
        var results = new List<JobResult>();
        foreach (var item in items)
        {
            if (item.Payload.Mode == "fail")
            {
                results.Add(JobResult.Fail("The probe refuses for good."));
                continue;
            }

            queue.Enqueue(ProbeHandler.Kind, new ProbePayload("ok"), dedupeKey: "after:" + item.Payload.Tag);
            results.Add(JobResult.Success);
        }

        await db.SaveChangesAsync(cancellationToken);
        return results;
    }
}
