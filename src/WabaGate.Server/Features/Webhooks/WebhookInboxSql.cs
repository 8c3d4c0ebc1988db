using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Configurations;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// The inbox's insert: the delivery and, only if the delivery is new, its processing job. The body hash's unique
/// index decides what is new (<c>ON CONFLICT DO NOTHING</c>), so a redelivery costs neither a look-up before the
/// insert nor an exception after it. This is the PostgreSQL form: both rows in one statement (one round trip, atomic on
/// its own, under the organization's row-level security). SQLite's rows go through <see cref="SqliteInboxCommitter"/>.
/// </summary>
internal static class WebhookInboxSql
{
    /// <summary>Returns whether the delivery was new (and so stored, with its job when it has one).</summary>
    public static async Task<bool> InsertPostgresAsync(AppDbContext db, WebhookDelivery d, Job? job, CancellationToken cancellationToken)
    {
        var state = d.State.ToString().ToLowerInvariant();
        var source = d.Source.ToString().ToLowerInvariant();
        if (job is null)
        {
            return await db.Database.ExecuteSqlAsync($"""
                INSERT INTO webhook_deliveries (id, org_id, connection_id, received_at, source, fields, state, attempts, error, payload_cipher, sealed_by, entry_ids, body_sha256)
                VALUES ({d.Id}, {d.OrgId}, {d.ConnectionId}, {d.ReceivedAt}, {source}, {d.Fields}, {state}, 0, {d.Error}, {d.PayloadCipher}, {d.SealedBy}, {d.EntryIds}, {d.BodySha256})
                ON CONFLICT DO NOTHING
                """, cancellationToken) == 1;
        }

        return await db.Database.ExecuteSqlAsync($"""
            WITH delivery AS (
              INSERT INTO webhook_deliveries (id, org_id, connection_id, received_at, source, fields, state, attempts, error, payload_cipher, sealed_by, entry_ids, body_sha256)
              VALUES ({d.Id}, {d.OrgId}, {d.ConnectionId}, {d.ReceivedAt}, {source}, {d.Fields}, {state}, 0, {d.Error}, {d.PayloadCipher}, {d.SealedBy}, {d.EntryIds}, {d.BodySha256})
              ON CONFLICT DO NOTHING
              RETURNING id)
            INSERT INTO jobs (id, org_id, kind, payload, state, attempts, max_attempts, run_at, dedupe_key, created_at, updated_at)
            SELECT {job.Id}, {job.OrgId}, {job.Kind}, {job.Payload}, {JobStates.Pending}, 0, {job.MaxAttempts}, {job.RunAt},
                   {job.DedupeKey}, {job.CreatedAt}, {job.UpdatedAt}
              FROM delivery
            """, cancellationToken) == 1;
    }
}
