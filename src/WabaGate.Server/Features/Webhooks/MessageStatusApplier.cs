using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Messaging;
using MetaStatus = WabaGate.Graph.Webhooks.MessageStatus;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// Stores Meta's message statuses as history (one row per wamid and status, whatever order and however often they
/// arrive) and moves messages only forward. Every move is one conditional UPDATE (<c>WHERE status IN (…lower
/// ranks…)</c>), so two workers applying <c>read</c> and a late <c>delivered</c> at once can never downgrade a message.
/// A status whose message is not known yet (the send call that returned its wamid has not been saved) is kept with
/// no message; <see cref="ApplyPendingAsync"/> folds it in once the wamid is stored.
/// </summary>
public sealed class MessageStatusApplier(AppDbContext db, TimeProvider clock)
{
    /// <summary>
    /// Call after the outbound message's <see cref="Message.Wamid"/> is committed: links statuses that arrived
    /// first and applies them (only forward). Returns whether the message changed; reload it to see the result.
    /// Safe to call more than once and concurrently with webhook processing.
    /// </summary>
    public async Task<bool> ApplyPendingAsync(Guid messageId, string wamid, CancellationToken cancellationToken)
    {
        // Usually nothing arrived early: one read, no write (the send path calls this for every message).
        var events = await db.Set<MessageStatusEvent>().AsNoTracking().Where(e => e.Wamid == wamid).ToListAsync(cancellationToken);
        if (events.Count == 0)
        {
            return false;
        }

        if (events.Any(e => e.MessageId is null))
        {
            await db.Set<MessageStatusEvent>().Where(e => e.Wamid == wamid && e.MessageId == null)
                .ExecuteUpdateAsync(s => s.SetProperty(e => e.MessageId, messageId), cancellationToken);
        }

        var changed = false;
        foreach (var statusEvent in events)
        {
            changed |= await AdvanceAsync(messageId, statusEvent, cancellationToken);
        }

        return changed;
    }

    /// <summary>Of <paramref name="wamids"/> (just committed), those that have statuses stored before their wamid was known: one read for a batch of sends, usually empty.</summary>
    public async Task<IReadOnlySet<string>> WithPendingAsync(IReadOnlyCollection<string> wamids, CancellationToken cancellationToken)
        => (await db.Set<MessageStatusEvent>().AsNoTracking().Where(e => wamids.Contains(e.Wamid)).Select(e => e.Wamid).Distinct().ToListAsync(cancellationToken))
            .ToHashSet(StringComparer.Ordinal);

    /// <summary>
    /// Stores the statuses of one change and applies them; returns the ids of messages whose row changed.
    /// Duplicates (same wamid and status) are ignored; a concurrent worker's insert is detected and retried.
    /// </summary>
    internal async Task<IReadOnlyCollection<Guid>> ApplyAsync(Guid orgId, IReadOnlyList<MetaStatus> statuses, JsonElement? rawStatuses, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await ApplyOnceAsync(orgId, statuses, rawStatuses, cancellationToken);
            }
            catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception) && attempt < 3)
            {
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<IReadOnlyCollection<Guid>> ApplyOnceAsync(Guid orgId, IReadOnlyList<MetaStatus> statuses, JsonElement? rawStatuses, CancellationToken cancellationToken)
    {
        var wamids = statuses.Select(s => s.Id).Distinct(StringComparer.Ordinal).ToList();
        var known = (await db.Set<MessageStatusEvent>().AsNoTracking().Where(e => wamids.Contains(e.Wamid))
                .Select(e => new { e.Wamid, e.Status }).ToListAsync(cancellationToken))
            .Select(e => (e.Wamid, e.Status)).ToHashSet();
        var messages = (await db.Set<Message>().AsNoTracking().Where(m => m.Wamid != null && wamids.Contains(m.Wamid))
                .Select(m => new { m.Id, m.Wamid }).ToListAsync(cancellationToken))
            .ToDictionary(m => m.Wamid!, m => m.Id, StringComparer.Ordinal);

        var now = clock.GetUtcNow();
        var added = new List<MessageStatusEvent>();
        for (var i = 0; i < statuses.Count; i++)
        {
            var status = statuses[i];
            if (!known.Add((status.Id, status.Status)))
            {
                continue;
            }

            var error = status.Errors is [var first, ..] ? first : null;
            var statusEvent = new MessageStatusEvent
            {
                OrgId = orgId,
                MessageId = messages.TryGetValue(status.Id, out var messageId) ? messageId : null,
                Wamid = status.Id,
                Status = status.Status,
                Timestamp = status.Time ?? now,
                ReceivedAt = now,
                ErrorCode = error?.Code,
                ErrorTitle = error?.Title ?? error?.Message,
                Details = Details(rawStatuses, i),
            };
            db.Add(statusEvent);
            added.Add(statusEvent);
        }

        if (added.Count == 0)
        {
            return [];
        }

        var changed = new HashSet<Guid>();
        await using (var transaction = await UnitOfWork.BeginOrJoinAsync(db.Database, cancellationToken))
        {
            await db.SaveChangesAsync(cancellationToken);
            foreach (var statusEvent in added.Where(e => e.MessageId is not null))
            {
                if (await AdvanceAsync(statusEvent.MessageId!.Value, statusEvent, cancellationToken))
                {
                    changed.Add(statusEvent.MessageId.Value);
                }
            }

            await transaction.CommitAsync(cancellationToken);
        }

        // The send path may have stored a wamid between the lookup above and this commit: look again, so that either
        // it or this worker sees the other's row (the sender calls ApplyPendingAsync after its own commit).
        var orphans = added.Where(e => e.MessageId is null).Select(e => e.Wamid).Distinct(StringComparer.Ordinal).ToList();
        if (orphans.Count > 0)
        {
            var late = await db.Set<Message>().AsNoTracking().Where(m => m.Wamid != null && orphans.Contains(m.Wamid))
                .Select(m => new { m.Id, m.Wamid }).ToListAsync(cancellationToken);
            foreach (var message in late)
            {
                if (await ApplyPendingAsync(message.Id, message.Wamid!, cancellationToken))
                {
                    changed.Add(message.Id);
                }
            }
        }

        return changed;
    }

    /// <summary>Applies one status to its message: the status only if it moves forward, its time if not yet set.</summary>
    private async Task<bool> AdvanceAsync(Guid messageId, MessageStatusEvent statusEvent, CancellationToken cancellationToken)
    {
        if (MessageStatuses.FromMeta(statusEvent.Status) is not { } next)
        {
            return false;
        }

        var now = clock.GetUtcNow();
        var at = statusEvent.Timestamp;
        var rows = db.Set<Message>().Where(m => m.Id == messageId);
        int moved;
        if (next == MessageStatus.Failed)
        {
            var (detail, meta) = FailureOf(statusEvent);
            moved = await rows.Where(StatusIn(next)).ExecuteUpdateAsync(
                s => s.SetProperty(m => m.Status, next).SetProperty(m => m.UpdatedAt, now).SetProperty(m => m.FailedAt, at)
                    .SetProperty(m => m.ErrorCode, statusEvent.ErrorCode).SetProperty(m => m.ErrorTitle, statusEvent.ErrorTitle)
                    .SetProperty(m => m.ErrorDetail, detail).SetProperty(m => m.ErrorMeta, meta),
                cancellationToken);
            return moved > 0;
        }

        moved = await rows.Where(StatusIn(next)).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, next).SetProperty(m => m.UpdatedAt, now), cancellationToken);

        // The time of each step is history: a late "delivered" after "read" still records when it was delivered.
        var stamped = next switch
        {
            MessageStatus.Sent => await rows.Where(m => m.SentAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.SentAt, at).SetProperty(m => m.UpdatedAt, now), cancellationToken),
            MessageStatus.Delivered => await rows.Where(m => m.DeliveredAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.DeliveredAt, at).SetProperty(m => m.UpdatedAt, now), cancellationToken),
            _ => await rows.Where(m => m.ReadAt == null).ExecuteUpdateAsync(s => s.SetProperty(m => m.ReadAt, at).SetProperty(m => m.UpdatedAt, now), cancellationToken),
        };
        return moved + stamped > 0;
    }

    /// <summary><c>m.Status IN (every status that may become <paramref name="next"/>)</c>, as plain comparisons both providers translate.</summary>
    private static Expression<Func<Message, bool>> StatusIn(MessageStatus next)
    {
        var m = Expression.Parameter(typeof(Message), "m");
        var status = Expression.Property(m, nameof(Message.Status));
        var body = Enum.GetValues<MessageStatus>().Where(s => MessageStatuses.CanAdvance(s, next))
            .Select(s => (Expression)Expression.Equal(status, Expression.Constant(s)))
            .Aggregate(Expression.OrElse);
        return Expression.Lambda<Func<Message, bool>>(body, m);
    }

    /// <summary>Meta's error: the readable detail (<c>error_data.details</c>, else its message) and the whole object as JSON.</summary>
    private static (string? Detail, string? Meta) FailureOf(MessageStatusEvent statusEvent)
    {
        if (statusEvent.Details is null || JsonNode.Parse(statusEvent.Details)?["errors"] is not JsonArray { Count: > 0 } errors || errors[0] is not JsonObject error)
        {
            return (null, null);
        }

        var detail = error["error_data"]?["details"]?.GetValue<string>() ?? error["message"]?.GetValue<string>();
        return (detail, error.ToJsonString());
    }

    /// <summary>Meta's errors, pricing and conversation of the status at <paramref name="index"/>, as JSON (no ids of people).</summary>
    private static string? Details(JsonElement? rawStatuses, int index)
    {
        if (rawStatuses is not { ValueKind: JsonValueKind.Array } array || index >= array.GetArrayLength())
        {
            return null;
        }

        var raw = array[index];
        var details = new JsonObject();
        foreach (var name in new[] { "errors", "pricing", "conversation" })
        {
            if (raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty(name, out var value))
            {
                details[name] = JsonNode.Parse(value.GetRawText());
            }
        }

        return details.Count == 0 ? null : details.ToJsonString();
    }
}
