using System.Text;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.Server.Infrastructure.Jobs;
using StoredDelivery = WabaGate.Server.Data.Entities.WebhookDelivery;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// A delivery no organization holds yet (typically Meta's first webhooks racing a signup) is kept, its body sealed
/// under the master key with the delivery's id bound in, and handed over when an organization connects its WABAs:
/// re-encrypted under that organization's key and processed like any other.
/// </summary>
internal static class UnroutableSeal
{
    private const string LabelPrefix = "wabagate/unroutable-webhook/v1/";

    public static void Seal(StoredDelivery delivery, byte[] body, MasterKeyRing ring, IReadOnlyCollection<string>? entryIds)
    {
        delivery.PayloadCipher = ring.Seal(body, Label(delivery.Id));
        delivery.SealedBy = ring.Current.Id;
        delivery.EntryIds = entryIds is { Count: > 0 } ids ? string.Join(',', ids) : null;
    }

    public static byte[] Open(StoredDelivery delivery, MasterKeyRing ring)
        => ring.Open(delivery.PayloadCipher ?? [], delivery.SealedBy ?? string.Empty, Label(delivery.Id));

    private static byte[] Label(Guid deliveryId) => Encoding.ASCII.GetBytes(LabelPrefix + deliveryId.ToString("N"));
}

internal sealed record AdoptUnroutablePayload;

/// <summary>Runs for an organization after it connects a WABA: adopts the unroutable deliveries now routable to it.</summary>
internal sealed class UnroutableAdoptionJob(AppDbContext db, SystemQueries system, MasterKeyRing ring, IFieldEncryptor encryptor, IJobQueue jobs)
    : IJobHandler<AdoptUnroutablePayload>
{
    public const string Kind = "webhooks.adopt_unroutable";
    private const int BatchSize = 200;

    /// <summary>Asks for an adoption run (coalesced while one is pending).</summary>
    public static Task RequestAsync(IJobQueue jobs, Guid orgId, CancellationToken ct)
        => jobs.EnqueueAsync(Kind, new AdoptUnroutablePayload(), orgId, dedupeKey: $"adopt-unroutable:{orgId:N}", cancellationToken: ct);

    public async Task<JobResult> HandleAsync(AdoptUnroutablePayload payload, JobContext context, CancellationToken cancellationToken)
    {
        if (context.OrgId is not { } orgId)
        {
            return JobResult.Fail("Adopting unroutable deliveries needs an organization.");
        }

        await system.AdoptUnroutableDeliveriesAsync(orgId, cancellationToken);

        // Also picks up rows adopted by an earlier run that stopped before re-encrypting them. Only deliveries with
        // entry ids are ever adopted, so each is Meta's JSON shape and goes to processing.
        while (true)
        {
            var sealedRows = await db.Set<StoredDelivery>()
                .Where(d => d.OrgId == orgId && d.SealedBy != null)
                .OrderBy(d => d.Id).Take(BatchSize).ToListAsync(cancellationToken);
            foreach (var delivery in sealedRows)
            {
                var body = UnroutableSeal.Open(delivery, ring);
                delivery.PayloadCipher = await encryptor.EncryptAsync(body, WebhookSecrets.Payload(orgId, delivery.Id), cancellationToken);
                delivery.SealedBy = null;
                delivery.State = WebhookDeliveryState.Pending;
                delivery.Error = null;
                jobs.Enqueue(WebhookInbox.ProcessJobKind, new WebhookProcessPayload(delivery.Id), orgId, dedupeKey: $"webhook:{delivery.Id:N}:adopted");
            }

            await db.SaveChangesAsync(cancellationToken);
            if (sealedRows.Count < BatchSize)
            {
                return JobResult.Success;
            }
        }
    }
}
