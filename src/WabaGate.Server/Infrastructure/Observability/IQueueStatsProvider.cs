namespace WabaGate.Server.Infrastructure.Observability;

/// <summary>One job queue's state for the <c>wabagate.jobs.*</c> gauges.</summary>
/// <param name="Queue">A bounded label: the job kind (<c>webhook.process</c>, <c>message.send</c>…), never an id.</param>
/// <param name="Depth">Jobs ready or waiting to run.</param>
/// <param name="OldestEnqueuedAt">When the oldest waiting job became due; <see langword="null"/> when empty.</param>
internal sealed record QueueStats(string Queue, long Depth, DateTimeOffset? OldestEnqueuedAt);

/// <summary>
/// Feeds the job-queue gauges; implemented by the job queue's <c>JobQueueStats</c>.
/// <see cref="Snapshot"/> is called synchronously on every scrape/export, so return a cached snapshot the
/// worker refreshes (e.g. every few seconds) — never query the database in it.
/// </summary>
internal interface IQueueStatsProvider
{
    IReadOnlyCollection<QueueStats> Snapshot();
}
