using System.Diagnostics.CodeAnalysis;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Configurations;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>
/// Puts work on the durable queue. A job belongs to the unit of work's organization (system jobs are enqueued
/// from system context); its payload is serialised as JSON and must hold ids only — never secrets or bodies.
/// </summary>
[SuppressMessage("Naming", "CA1711:Identifiers should not have incorrect suffix", Justification = "It is a queue.")]
internal interface IJobQueue
{
    /// <summary>
    /// Adds the job to the unit of work <b>without saving</b>: the caller's <c>SaveChanges</c> commits it together
    /// with the caller's own rows, or not at all (the outbox pattern). A <paramref name="dedupeKey"/> already in
    /// use makes that save fail; when a duplicate is expected, use <see cref="EnqueueAsync"/>.
    /// </summary>
    /// <param name="kind">The handler's kind, e.g. <c>webhook.process</c>.</param>
    /// <param name="payload">Serialised as camelCase JSON; ids only.</param>
    /// <param name="orgId">Optional check: must equal the unit of work's organization.</param>
    /// <param name="runAt">Not before this time (default: now).</param>
    /// <param name="dedupeKey">At most one job ever has this key, e.g. <c>webhook:{deliveryId}</c>; add a time bucket for "once per hour".</param>
    /// <param name="maxAttempts">Attempts before dead-lettering (default <c>Jobs:DefaultMaxAttempts</c>).</param>
    Guid Enqueue<TPayload>(string kind, TPayload payload, Guid? orgId = null, DateTimeOffset? runAt = null, string? dedupeKey = null, int? maxAttempts = null);

    /// <summary>
    /// Builds the job's row (checked and serialised like <see cref="Enqueue"/>) without adding it anywhere, for a caller
    /// that writes it in its own statement together with its own rows; that caller wakes the worker after its commit.
    /// </summary>
    Job Prepare<TPayload>(string kind, TPayload payload, Guid? orgId = null, DateTimeOffset? runAt = null, string? dedupeKey = null, int? maxAttempts = null);

    /// <summary>
    /// Writes the job now, with one statement that joins the context's current transaction if there is one (so it
    /// still commits or rolls back with the caller's work); other unsaved changes are left alone. Returns the job's
    /// id, or <see langword="null"/> when <paramref name="dedupeKey"/> was already used.
    /// </summary>
    Task<Guid?> EnqueueAsync<TPayload>(
        string kind, TPayload payload, Guid? orgId = null, DateTimeOffset? runAt = null, string? dedupeKey = null, int? maxAttempts = null,
        CancellationToken cancellationToken = default);
}

internal sealed class JobQueue(AppDbContext db, TenantContext tenant, TimeProvider clock, JobSignal signal, IOptions<JobOptions> options) : IJobQueue
{
    private bool wakeOnSave;

    public Guid Enqueue<TPayload>(string kind, TPayload payload, Guid? orgId = null, DateTimeOffset? runAt = null, string? dedupeKey = null, int? maxAttempts = null)
    {
        var job = Create(kind, payload, orgId, runAt, dedupeKey, maxAttempts);
        db.Add(job);
        if (!wakeOnSave)
        {
            // Wake this node's worker once the job is saved (if the save is inside a longer transaction, the worker may
            // look too early and find it at the next poll instead).
            db.SavedChanges += (_, _) => signal.Notify();
            wakeOnSave = true;
        }

        return job.Id;
    }

    public Job Prepare<TPayload>(string kind, TPayload payload, Guid? orgId = null, DateTimeOffset? runAt = null, string? dedupeKey = null, int? maxAttempts = null)
        => Create(kind, payload, orgId, runAt, dedupeKey, maxAttempts);

    public async Task<Guid?> EnqueueAsync<TPayload>(
        string kind, TPayload payload, Guid? orgId = null, DateTimeOffset? runAt = null, string? dedupeKey = null, int? maxAttempts = null,
        CancellationToken cancellationToken = default)
    {
        var job = Create(kind, payload, orgId, runAt, dedupeKey, maxAttempts);
        var sqlite = db.IsSqlite;
        object Time(DateTimeOffset value) => sqlite ? value.UtcTicks : value;

        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO jobs (id, org_id, kind, payload, state, attempts, max_attempts, run_at, dedupe_key, created_at, updated_at)
            VALUES ({job.Id}, {job.OrgId}, {job.Kind}, {job.Payload}, {JobStates.Pending}, 0, {job.MaxAttempts}, {Time(job.RunAt)},
                    {job.DedupeKey}, {Time(job.CreatedAt)}, {Time(job.UpdatedAt)})
            ON CONFLICT DO NOTHING
            """, cancellationToken);
        if (inserted == 0)
        {
            return null;
        }

        signal.Notify();
        return job.Id;
    }

    private Job Create<TPayload>(string kind, TPayload payload, Guid? orgId, DateTimeOffset? runAt, string? dedupeKey, int? maxAttempts)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        if (orgId is { } requested && requested != tenant.OrgId)
        {
            // Row-level security would refuse it on PostgreSQL anyway; fail the same way everywhere.
            throw new InvalidOperationException("A job can only be enqueued for the organization of the current unit of work.");
        }

        if (maxAttempts is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(maxAttempts), "A job needs at least one attempt.");
        }

        var now = clock.GetUtcNow();
        return new Job
        {
            OrgId = tenant.OrgId,
            Kind = kind,
            Payload = JsonSerializer.Serialize(payload, JobJson.Options),
            MaxAttempts = maxAttempts ?? options.Value.DefaultMaxAttempts,
            RunAt = runAt ?? now,
            DedupeKey = string.IsNullOrEmpty(dedupeKey) ? null : dedupeKey,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }
}
