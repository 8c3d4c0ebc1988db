namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>One job of a batch: its payload and the attempt's context.</summary>
internal sealed record JobBatchItem<TPayload>(TPayload Payload, JobContext Context);

/// <summary>
/// A handler that can also run several jobs of its kind and organization at once, in one DI scope, so that their
/// writes share one commit (on SQLite one fsync instead of one per job). Registered with
/// <c>AddJobBatchHandler</c>; a worker that claims such a job also claims up to <c>maxBatch - 1</c> due siblings of
/// the same kind and organization and runs them together.
/// <list type="bullet">
/// <item>Return one result per item, in order. Changes left unsaved in the scope's <c>AppDbContext</c>, and a
/// transaction left open on it, are committed together with the completion of the items that succeeded, in one
/// commit; if no item succeeded they are discarded. An item that does not succeed is recorded on its own (retry,
/// reschedule or dead letter), like a single job.</item>
/// <item>Throwing discards everything the batch did and runs each job alone through
/// <see cref="IJobHandler{TPayload}.HandleAsync"/>: one bad job never fails its neighbours.</item>
/// </list>
/// </summary>
internal interface IJobBatchHandler<TPayload> : IJobHandler<TPayload>
{
    Task<IReadOnlyList<JobResult>> HandleBatchAsync(IReadOnlyList<JobBatchItem<TPayload>> items, CancellationToken cancellationToken);
}
