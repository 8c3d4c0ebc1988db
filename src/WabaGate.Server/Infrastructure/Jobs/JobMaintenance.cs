using Microsoft.Extensions.Options;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>
/// Every <c>Jobs:MaintenanceInterval</c>: deletes succeeded jobs older than <c>Jobs:SucceededRetention</c> (in
/// batches, so no statement holds many locks) and refreshes the queue statistics. Every node may run it; the
/// deletes are idempotent.
/// </summary>
internal sealed class JobMaintenance(
    IServiceScopeFactory scopes, JobQueueStats stats, TimeProvider clock, IOptions<JobOptions> options, ILogger<JobMaintenance> logger)
    : BackgroundService
{
    private const int BatchSize = 1000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => PeriodicWork.RunAsync(options.Value.MaintenanceInterval, clock, roundAtStart: true, RunOnceAsync, e => JobLog.MaintenanceFailed(logger, e), stoppingToken);

    public async Task RunOnceAsync(CancellationToken cancellationToken)
    {
        var before = clock.GetUtcNow() - options.Value.SucceededRetention;
        var total = 0;
        int deleted;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            deleted = await scope.ServiceProvider.GetRequiredService<JobStore>().PurgeSucceededAsync(before, BatchSize, cancellationToken);
            total += deleted;
        }
        while (deleted == BatchSize);

        if (total > 0)
        {
            JobLog.Purged(logger, total, before);
        }

        await stats.RefreshAsync(cancellationToken);
    }
}
