using System.Globalization;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Connections;

/// <summary>
/// Scheduled health checks (field lesson 7: an expired token must not stay invisible). Every node runs this timer;
/// each sweep enqueues one <c>connections.health_check</c> job per due connection with a dedupe key naming the
/// connection and the current interval, so however many nodes sweep, each connection is checked once per interval.
/// </summary>
internal sealed class HealthCheckSchedule(
    IServiceScopeFactory scopes, IOptions<ConnectionOptions> options, TimeProvider clock, ILogger<HealthCheckSchedule> logger) : BackgroundService
{
    /// <summary>Sweeps at least this often, so a node that starts late in an interval still fills it.</summary>
    private static readonly TimeSpan MaxSweepPeriod = TimeSpan.FromMinutes(10);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.HealthCheckInterval;
        if (interval <= TimeSpan.Zero)
        {
            return;
        }

        await PeriodicWork.RunAsync(
            interval < MaxSweepPeriod ? interval : MaxSweepPeriod, clock, roundAtStart: false, SweepAsync, e => ConnectionsLog.HealthScheduleFailed(logger, e), stoppingToken);
    }

    /// <summary>Enqueues this interval's checks; returns how many jobs this call added (others may have been there already).</summary>
    public async Task<int> SweepAsync(CancellationToken ct)
    {
        var interval = options.Value.HealthCheckInterval;
        if (interval <= TimeSpan.Zero)
        {
            return 0;
        }

        IReadOnlyList<SystemQueries.Route> due;
        await using (var system = scopes.CreateAsyncScope())
        {
            due = await system.ServiceProvider.GetRequiredService<SystemQueries>().ConnectionsDueHealthCheckAsync(ct);
        }

        var bucket = (clock.GetUtcNow().UtcTicks / interval.Ticks).ToString(CultureInfo.InvariantCulture);
        var added = 0;
        foreach (var organization in due.GroupBy(r => r.OrgId))
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(organization.Key);
            var jobs = scope.ServiceProvider.GetRequiredService<IJobQueue>();
            foreach (var route in organization)
            {
                var id = await jobs.EnqueueAsync(ConnectionHealth.JobKind, new HealthCheckPayload(route.ConnectionId),
                    dedupeKey: $"{ConnectionHealth.JobKind}:{route.ConnectionId:N}:{bucket}", maxAttempts: 3, cancellationToken: ct);
                added += id is null ? 0 : 1;
            }
        }

        if (added > 0)
        {
            ConnectionsLog.HealthChecksScheduled(logger, added);
        }

        return added;
    }
}
