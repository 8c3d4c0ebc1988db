using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// Processes a stored delivery again, for the inspector API and page: back to pending with a fresh processing job —
/// unless it is already pending, in which case nothing is added. Repeating it is harmless; processing is idempotent.
/// </summary>
internal sealed class WebhookReplay(AppDbContext db, IJobQueue jobs)
{
    /// <summary>The delivery after the call, or <see langword="null"/> when the organization has no such delivery.</summary>
    public async Task<WebhookDelivery?> ReplayAsync(Guid orgId, Guid id, CancellationToken ct)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var revived = await db.Set<WebhookDelivery>()
            .Where(d => d.OrgId == orgId && d.Id == id && d.State != WebhookDeliveryState.Pending && d.PayloadCipher != null)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.State, WebhookDeliveryState.Pending).SetProperty(d => d.Error, (string?)null), ct);
        if (revived > 0)
        {
            jobs.Enqueue(WebhookInbox.ProcessJobKind, new WebhookProcessPayload(id));
            await db.SaveChangesAsync(ct);
        }

        await transaction.CommitAsync(ct);
        return await db.Set<WebhookDelivery>().AsNoTracking().SingleOrDefaultAsync(d => d.OrgId == orgId && d.Id == id, ct);
    }
}
