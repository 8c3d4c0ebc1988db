using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Options;
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
/// Stores a verified delivery: the encrypted raw body and its processing job, committed together before the endpoint
/// answers 200. Identical bodies (Meta's redeliveries) are stored once: the body hash's unique index decides, in the
/// insert itself. On SQLite concurrent deliveries share one commit (<see cref="SqliteInboxCommitter"/>); on PostgreSQL
/// each is one statement.
/// </summary>
internal sealed class WebhookInbox(
    TenantContext tenant, IFieldEncryptor encryptor, MasterKeyRing ring, IOptions<DatabaseOptions> database, IOptions<JobOptions> jobOptions,
    JobSignal signal, SqliteInboxCommitter sqlite, PostgresInboxWriter postgres, TimeProvider clock, WabaGateMetrics metrics, ILogger<WebhookInbox> logger)
{
    public const string ProcessJobKind = "webhook.process";

    public async Task StoreAsync(byte[] body, WebhookSource source, WebhookEnvelope? envelope, WebhookRoute route, CancellationToken cancellationToken)
    {
        metrics.WebhookReceived();
        if (route.OrgId is { } orgId)
        {
            tenant.Set(orgId);
        }

        var now = clock.GetUtcNow();
        var delivery = new WebhookDelivery
        {
            OrgId = route.OrgId,
            ConnectionId = route.ConnectionId,
            ReceivedAt = now,
            Source = source,
            Fields = envelope?.FieldList ?? string.Empty,
            BodySha256 = SHA256.HashData(body),
        };

        Job? job = null;
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
                job = ProcessJob(owner, delivery.Id, now);
            }
        }
        else
        {
            // No organization, so no organization key: the body is sealed under the master key until an organization
            // connects the delivery's WABAs and adopts it.
            UnroutableSeal.Seal(delivery, body, ring, envelope?.EntryIds);
            delivery.State = WebhookDeliveryState.Unroutable;
            delivery.Error = envelope is null ? "The body is not a JSON object of Meta's webhook shape." : route.UnroutableReason;
        }

        // Written without EF (no DbContext is built for a delivery): the inbox is the hot path of the gateway.
        var stored = database.Value.Provider == DatabaseProvider.Sqlite
            ? await sqlite.InsertAsync(delivery, job, cancellationToken)
            : await postgres.InsertAsync(delivery, job, cancellationToken);
        if (!stored)
        {
            // Stored before (a redelivery, also when stored under another organization): acknowledged again, not twice.
            WebhookLog.Duplicate(logger);
            return;
        }

        if (job is not null && database.Value.Provider != DatabaseProvider.Sqlite)
        {
            signal.Notify();
        }

        if (delivery.State == WebhookDeliveryState.Unroutable)
        {
            WebhookLog.Unroutable(logger, delivery.Id, delivery.Error ?? string.Empty);
        }

        WebhookLog.Stored(logger, delivery.Id, delivery.State.ToString(), delivery.OrgId);
    }

    /// <summary>The processing job, as <see cref="IJobQueue"/> would prepare it (whose unit of work the inbox does not need).</summary>
    private Job ProcessJob(Guid orgId, Guid deliveryId, DateTimeOffset now) => new()
    {
        OrgId = orgId,
        Kind = ProcessJobKind,
        Payload = JsonSerializer.Serialize(new WebhookProcessPayload(deliveryId), JobJson.Options),
        MaxAttempts = jobOptions.Value.DefaultMaxAttempts,
        RunAt = now,
        DedupeKey = $"webhook:{deliveryId:N}",
        CreatedAt = now,
        UpdatedAt = now,
    };
}

/// <summary>The processing job's payload: ids only.</summary>
internal sealed record WebhookProcessPayload(Guid DeliveryId);
