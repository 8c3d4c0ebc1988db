using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.Server.Infrastructure.Jobs;
using WabaGate.Server.Infrastructure.Observability;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>Where a verified delivery goes: its organization (and connection when there is exactly one), or nowhere.</summary>
internal sealed record WebhookRoute(Guid? OrgId, Guid? ConnectionId, string? UnroutableReason)
{
    public static WebhookRoute To(Guid orgId, Guid? connectionId) => new(orgId, connectionId, null);

    public static WebhookRoute Nowhere(string reason) => new(null, null, reason);
}

/// <summary>
/// Stores a verified delivery: one insert of the encrypted raw body and its processing job, in one transaction,
/// before the endpoint answers 200. Identical bodies (Meta's redeliveries) are stored once.
/// </summary>
internal sealed class WebhookInbox(
    AppDbContext db, TenantContext tenant, IFieldEncryptor encryptor, MasterKeyRing ring, IJobQueue jobs, TimeProvider clock, WabaGateMetrics metrics, ILogger<WebhookInbox> logger)
{
    public const string ProcessJobKind = "webhook.process";

    public async Task StoreAsync(byte[] body, WebhookSource source, WebhookEnvelope? envelope, WebhookRoute route, CancellationToken cancellationToken)
    {
        metrics.WebhookReceived();
        if (route.OrgId is { } orgId)
        {
            tenant.Set(orgId);
        }

        var hash = SHA256.HashData(body);
        if (await db.Set<WebhookDelivery>().AsNoTracking().AnyAsync(d => d.BodySha256 == hash, cancellationToken))
        {
            WebhookLog.Duplicate(logger);
            return;
        }

        var delivery = new WebhookDelivery
        {
            OrgId = route.OrgId,
            ConnectionId = route.ConnectionId,
            ReceivedAt = clock.GetUtcNow(),
            Source = source,
            Fields = envelope?.FieldList ?? string.Empty,
            BodySha256 = hash,
        };

        if (route.OrgId is { } owner)
        {
            delivery.PayloadCipher = await encryptor.EncryptAsync(body, WebhookSecrets.Payload(owner, delivery.Id), cancellationToken);
            if (envelope is null)
            {
                // Signed by Meta (or whoever holds the secret) but not JSON of Meta's shape. Retrying cannot fix it and
                // a non-200 would make Meta redeliver it for days, so it is acknowledged and kept, failed, for inspection.
                delivery.State = WebhookDeliveryState.Failed;
                delivery.Error = "The body is not a JSON object of Meta's webhook shape.";
            }
            else
            {
                delivery.State = WebhookDeliveryState.Pending;
                jobs.Enqueue(ProcessJobKind, new WebhookProcessPayload(delivery.Id), dedupeKey: $"webhook:{delivery.Id:N}");
            }
        }
        else
        {
            // No organization, so no organization key: the body is sealed under the master key until an organization
            // connects the delivery's WABAs and adopts it.
            UnroutableSeal.Seal(delivery, body, ring, envelope?.EntryIds);
            delivery.State = WebhookDeliveryState.Unroutable;
            delivery.Error = envelope is null ? "The body is not a JSON object of Meta's webhook shape." : route.UnroutableReason;
            WebhookLog.Unroutable(logger, delivery.Id, delivery.Error ?? string.Empty);
        }

        db.Add(delivery);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (IsUniqueViolation(exception))
        {
            // A concurrent redelivery (or, on PostgreSQL, one stored under another organization) won the race.
            WebhookLog.Duplicate(logger);
            return;
        }

        WebhookLog.Stored(logger, delivery.Id, delivery.State.ToString(), delivery.OrgId);
    }

    /// <summary>The body hash's unique index is the only unique constraint a fresh delivery can hit.</summary>
    private static bool IsUniqueViolation(DbUpdateException exception) => exception.InnerException switch
    {
        Npgsql.PostgresException pg => pg.SqlState == Npgsql.PostgresErrorCodes.UniqueViolation,
        Microsoft.Data.Sqlite.SqliteException sqlite => sqlite.SqliteExtendedErrorCode == 2067,
        _ => false,
    };
}

/// <summary>The processing job's payload: ids only.</summary>
internal sealed record WebhookProcessPayload(Guid DeliveryId);
