using WabaGate.Server.Infrastructure.Observability;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>
/// The queue's depth by kind and state and the age of its oldest due job, for metrics and health. Reading is
/// free (<see cref="Snapshot"/> returns what <see cref="RefreshAsync"/> last found; the maintenance loop refreshes
/// it every <c>Jobs:MaintenanceInterval</c>), so a metrics scrape never queries the database.
/// </summary>
internal sealed class JobQueueStats(IServiceScopeFactory scopes, TimeProvider clock) : IQueueStatsProvider
{
    private volatile JobQueueSnapshot latest = new([], DateTimeOffset.MinValue);

    public JobQueueSnapshot Snapshot() => latest;

    IReadOnlyCollection<QueueStats> IQueueStatsProvider.Snapshot()
        => [.. latest.Kinds.Select(k => new QueueStats(k.Kind, k.Pending + k.Running, k.OldestDueAt))];

    public async Task<JobQueueSnapshot> RefreshAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var kinds = await scope.ServiceProvider.GetRequiredService<JobStore>().StatsAsync(cancellationToken);
        return latest = new JobQueueSnapshot(kinds, clock.GetUtcNow());
    }
}

/// <summary>The queue at <see cref="TakenAt"/>; kinds with no unfinished or dead jobs are absent.</summary>
internal sealed record JobQueueSnapshot(IReadOnlyList<JobKindStats> Kinds, DateTimeOffset TakenAt)
{
    public long Pending => Kinds.Sum(k => k.Pending);

    public long Running => Kinds.Sum(k => k.Running);

    public long Dead => Kinds.Sum(k => k.Dead);

    /// <summary>How long the oldest due pending job has waited; <see langword="null"/> when none is waiting.</summary>
    public TimeSpan? OldestPendingAge(DateTimeOffset now)
        => Kinds.Min(k => k.OldestDueAt) is { } oldest ? now - oldest : null;
}
