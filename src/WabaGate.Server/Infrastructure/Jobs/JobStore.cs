using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>A job a worker has claimed: enough to run it, nothing more.</summary>
internal sealed record ClaimedJob(Guid Id, Guid? OrgId, string Kind, string Payload, int Attempts, int MaxAttempts);

/// <summary>Unfinished and dead jobs of one kind; <see cref="OldestDueAt"/> is when the oldest due pending job became due.</summary>
internal sealed record JobKindStats(string Kind, long Pending, long Running, long Dead, DateTimeOffset? OldestDueAt);

/// <summary>
/// The reviewed cross-organization queries of the job queue (like <see cref="SystemQueries"/>, kept to the
/// minimum): claiming, retention and statistics. On PostgreSQL each is a SECURITY DEFINER function from the
/// <c>Jobs</c> migration, so row-level security stays on for the application role; on SQLite (one node) the same
/// statements run directly. Use from a system-context scope.
/// </summary>
internal sealed class JobStore(AppDbContext db, SqliteWriteGate writeGate, TimeProvider clock)
{
    public async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(string worker, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            var seconds = (int)Math.Ceiling(lease.TotalSeconds);
            return await db.Database.SqlQuery<ClaimedJob>($"""
                SELECT id AS "Id", org_id AS "OrgId", kind AS "Kind", payload AS "Payload", attempts AS "Attempts", max_attempts AS "MaxAttempts"
                FROM claim_jobs({worker}, {limit}, {seconds})
                """).ToListAsync(cancellationToken);
        }

        // SQLite serialises writers, so one UPDATE … RETURNING is atomic on its own. Expired leases first, then due
        // jobs; each branch is a range scan of ix_jobs_state_run_at. A claim is a background write: it waits its turn
        // behind the webhook inbox instead of racing it for SQLite's lock, and commits without an fsync (a claim lost to
        // a power cut leaves the job pending, as before the claim; see SqliteBackgroundWrite).
        await using var turn = await writeGate.BeginBackgroundWriteAsync(db, cancellationToken);
        var now = clock.GetUtcNow();
        var until = now + lease;
        return await db.Database.SqlQuery<ClaimedJob>($"""
            UPDATE jobs
               SET state = 'running', locked_by = {worker}, locked_until = {until.UtcTicks}, attempts = attempts + 1, updated_at = {now.UtcTicks}
             WHERE id IN (
                   SELECT id FROM (SELECT id FROM jobs WHERE state = 'running' AND locked_until < {now.UtcTicks} ORDER BY run_at LIMIT {limit})
                   UNION ALL
                   SELECT id FROM (SELECT id FROM jobs WHERE state = 'pending' AND run_at <= {now.UtcTicks} ORDER BY run_at LIMIT {limit})
                   LIMIT {limit})
            RETURNING id AS "Id", org_id AS "OrgId", kind AS "Kind", payload AS "Payload", attempts AS "Attempts", max_attempts AS "MaxAttempts"
            """).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Claims up to <paramref name="limit"/> more due jobs of one kind and organization, to run in a batch with one
    /// already claimed. Runs in that organization's scope (row-level security applies; no cross-tenant function).
    /// </summary>
    public async Task<IReadOnlyList<ClaimedJob>> ClaimSiblingsAsync(string worker, string kind, Guid orgId, int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            var seconds = (int)Math.Ceiling(lease.TotalSeconds);
            return await db.Database.SqlQuery<ClaimedJob>($"""
                UPDATE jobs j
                   SET state = 'running', locked_by = {worker}, locked_until = now() + make_interval(secs => {seconds}),
                       attempts = j.attempts + 1, updated_at = now()
                 WHERE j.id = ANY (ARRAY(
                       SELECT c.id FROM jobs c WHERE c.state = 'pending' AND c.kind = {kind} AND c.org_id = {orgId} AND c.run_at <= now()
                        ORDER BY c.run_at LIMIT {limit} FOR UPDATE SKIP LOCKED))
                RETURNING j.id AS "Id", j.org_id AS "OrgId", j.kind AS "Kind", j.payload AS "Payload", j.attempts AS "Attempts", j.max_attempts AS "MaxAttempts"
                """).ToListAsync(cancellationToken);
        }

        await using var turn = await writeGate.BeginBackgroundWriteAsync(db, cancellationToken);
        var now = clock.GetUtcNow();
        var until = now + lease;
        var org = orgId.ToString("D").ToUpperInvariant();
        return await db.Database.SqlQuery<ClaimedJob>($"""
            UPDATE jobs
               SET state = 'running', locked_by = {worker}, locked_until = {until.UtcTicks}, attempts = attempts + 1, updated_at = {now.UtcTicks}
             WHERE id IN (
                   SELECT id FROM jobs WHERE state = 'pending' AND kind = {kind} AND org_id = {org} AND run_at <= {now.UtcTicks} ORDER BY run_at LIMIT {limit})
            RETURNING id AS "Id", org_id AS "OrgId", kind AS "Kind", payload AS "Payload", attempts AS "Attempts", max_attempts AS "MaxAttempts"
            """).ToListAsync(cancellationToken);
    }

    /// <summary>Deletes at most <paramref name="limit"/> succeeded jobs that finished before <paramref name="before"/>.</summary>
    public async Task<int> PurgeSucceededAsync(DateTimeOffset before, int limit, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return await db.Database.SqlQuery<int>($"SELECT purge_jobs({before}, {limit}) AS \"Value\"").SingleAsync(cancellationToken);
        }

        return await db.Database.ExecuteSqlAsync($"""
            DELETE FROM jobs WHERE id IN (
              SELECT id FROM jobs WHERE state = 'succeeded' AND completed_at < {before.UtcTicks} LIMIT {limit})
            """, cancellationToken);
    }

    public async Task<IReadOnlyList<JobKindStats>> StatsAsync(CancellationToken cancellationToken)
    {
        List<StatsRow> rows;
        if (db.IsPostgres)
        {
            rows = (await db.Database.SqlQuery<PostgresStatsRow>($"""
                SELECT kind AS "Kind", state AS "State", jobs AS "Jobs", oldest_due AS "OldestDue" FROM job_queue_stats()
                """).ToListAsync(cancellationToken)).Select(r => new StatsRow(r.Kind, r.State, r.Jobs, r.OldestDue)).ToList();
        }
        else
        {
            var now = clock.GetUtcNow().UtcTicks;
            rows = (await db.Database.SqlQuery<SqliteStatsRow>($"""
                SELECT kind AS "Kind", state AS "State", count(*) AS "Jobs",
                       min(CASE WHEN state = 'pending' AND run_at <= {now} THEN run_at END) AS "OldestDue"
                  FROM jobs WHERE state IN ('pending', 'running', 'dead') GROUP BY kind, state
                """).ToListAsync(cancellationToken))
                .Select(r => new StatsRow(r.Kind, r.State, r.Jobs, r.OldestDue is { } ticks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null)).ToList();
        }

        return rows.GroupBy(r => r.Kind, StringComparer.Ordinal)
            .Select(g => new JobKindStats(
                g.Key,
                g.Where(r => r.State == "pending").Sum(r => r.Jobs),
                g.Where(r => r.State == "running").Sum(r => r.Jobs),
                g.Where(r => r.State == "dead").Sum(r => r.Jobs),
                g.Min(r => r.OldestDue)))
            .OrderBy(s => s.Kind, StringComparer.Ordinal)
            .ToList();
    }

    private sealed record StatsRow(string Kind, string State, long Jobs, DateTimeOffset? OldestDue);

    private sealed record PostgresStatsRow(string Kind, string State, long Jobs, DateTimeOffset? OldestDue);

    private sealed record SqliteStatsRow(string Kind, string State, long Jobs, long? OldestDue);
}
