using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Graph.Errors;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Templates;

/// <summary>The <c>templates.sync</c> job's payload: ids only.</summary>
internal sealed record TemplateSyncPayload(Guid ConnectionId);

/// <summary>
/// Queues template syncs. Requests are coalesced: every request within one <see cref="TemplateOptions.SyncCoalesceWindow"/>
/// shares a job (dedupe key per connection and window) that runs at the window's end, after all of them — so a
/// burst of template webhooks costs one sync. The schedule is a chain: every sync queues the next one at the
/// connection's next slot on a fixed grid (<see cref="TemplateOptions.SyncInterval"/>, offset per connection to
/// spread the load), so however many chains were started they meet on the same dedupe key and run once.
/// </summary>
internal sealed class TemplateSyncJobs(IJobQueue jobs, TimeProvider clock, IOptions<TemplateOptions> options)
{
    public const string JobKind = "templates.sync";

    /// <summary>Queues a sync soon (writes the job now, in the caller's transaction if any).</summary>
    public Task<Guid?> RequestAsync(Guid connectionId, CancellationToken ct)
        => Request(jobs, connectionId, clock.GetUtcNow(), options.Value.SyncCoalesceWindow, ct);

    /// <summary>The same for callers outside this feature (the connection-activation path), with the default window.</summary>
    public static Task<Guid?> RequestAsync(IJobQueue jobs, Guid connectionId, TimeProvider clock, CancellationToken ct)
        => Request(jobs, connectionId, clock.GetUtcNow(), new TemplateOptions().SyncCoalesceWindow, ct);

    private static Task<Guid?> Request(IJobQueue jobs, Guid connectionId, DateTimeOffset now, TimeSpan coalesce, CancellationToken ct)
    {
        var window = coalesce.Ticks;
        var slot = (now.UtcTicks / window) + 1;
        return jobs.EnqueueAsync(JobKind, new TemplateSyncPayload(connectionId), runAt: new DateTimeOffset(slot * window, TimeSpan.Zero),
            dedupeKey: Key(connectionId, "soon", slot), maxAttempts: 5, cancellationToken: ct);
    }

    /// <summary>Queues the connection's next scheduled sync (idempotent: one job per grid slot).</summary>
    public Task<Guid?> ScheduleNextAsync(Guid connectionId, CancellationToken ct)
    {
        var interval = options.Value.SyncInterval.Ticks;
        var offset = (long)((uint)connectionId.GetHashCode() % (ulong)interval);
        var slot = ((clock.GetUtcNow().UtcTicks - offset) / interval) + 1;
        return jobs.EnqueueAsync(JobKind, new TemplateSyncPayload(connectionId), runAt: new DateTimeOffset((slot * interval) + offset, TimeSpan.Zero),
            dedupeKey: Key(connectionId, "at", slot), maxAttempts: 5, cancellationToken: ct);
    }

    private static string Key(Guid connectionId, string kind, long slot)
        => string.Create(CultureInfo.InvariantCulture, $"{JobKind}:{connectionId:N}:{kind}:{slot}");
}

/// <summary>Runs a sync for an active connection and keeps its schedule going; an invalid token fails it for good.</summary>
internal sealed class TemplateSyncJob(AppDbContext db, TemplateSync sync, TemplateSyncJobs schedule, TimeProvider clock) : IJobHandler<TemplateSyncPayload>
{
    public async Task<JobResult> HandleAsync(TemplateSyncPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        var connection = await db.Set<Connection>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == payload.ConnectionId, cancellationToken);
        if (connection is not { Status: ConnectionStatus.Active })
        {
            return JobResult.Success; // disconnected or not ready: the schedule stops here and restarts on the next connect
        }

        if (connection.AccessTokenCipher is null)
        {
            return JobResult.Fail("The connection has no access token.");
        }

        await schedule.ScheduleNextAsync(connection.Id, cancellationToken);
        try
        {
            await sync.SyncAsync(connection, cancellationToken);
        }
        catch (GraphApiException error) when (error.IsAuthError)
        {
            return JobResult.Fail($"Meta refused the connection's token (error {error.Code}).");
        }
        catch (GraphApiException error) when (error.IsRateLimited)
        {
            return JobResult.RetryAt(clock.GetUtcNow() + (error.RetryAfter ?? TimeSpan.FromMinutes(5)));
        }

        return JobResult.Success;
    }
}
