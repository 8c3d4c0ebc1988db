using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// Applies Meta's statuses to an outbound message, only forward (<see cref="MessageStatuses.CanAdvance"/>). Used when
/// the send call returns: statuses that arrived by webhook before the wamid was known are linked and folded in.
/// </summary>
internal static class StatusFolding
{
    /// <summary>Links the unlinked status events of <paramref name="message"/>'s wamid to it and applies them; returns whether the status moved.</summary>
    public static async Task<bool> FoldEarlyAsync(AppDbContext db, Message message, CancellationToken ct)
    {
        if (message.Wamid is not { } wamid)
        {
            return false;
        }

        var early = await db.Set<MessageStatusEvent>().Where(e => e.Wamid == wamid && e.MessageId == null).ToListAsync(ct);
        var moved = false;
        foreach (var statusEvent in early.OrderBy(e => MessageStatuses.FromMeta(e.Status) is { } s ? MessageStatuses.Rank(s) : -1))
        {
            statusEvent.MessageId = message.Id;
            moved |= Apply(message, statusEvent);
        }

        return moved;
    }

    /// <summary>Moves <paramref name="message"/> to the event's status if that is forward; records when and, for failures, why.</summary>
    public static bool Apply(Message message, MessageStatusEvent statusEvent)
    {
        if (MessageStatuses.FromMeta(statusEvent.Status) is not { } next || !MessageStatuses.CanAdvance(message.Status, next))
        {
            return false;
        }

        message.Status = next;
        message.UpdatedAt = statusEvent.ReceivedAt;
        switch (next)
        {
            case MessageStatus.Sent:
                message.SentAt ??= statusEvent.Timestamp;
                break;
            case MessageStatus.Delivered:
                message.DeliveredAt ??= statusEvent.Timestamp;
                break;
            case MessageStatus.Read or MessageStatus.Played:
                message.ReadAt ??= statusEvent.Timestamp;
                break;
            case MessageStatus.Failed:
                message.FailedAt = statusEvent.Timestamp;
                message.ErrorCode = statusEvent.ErrorCode;
                message.ErrorTitle = statusEvent.ErrorTitle;
                message.ErrorDetail = statusEvent.ErrorCode is { } code ? Graph.Errors.GraphErrorCodes.Explain(code) ?? statusEvent.ErrorTitle : statusEvent.ErrorTitle;
                break;
        }

        return true;
    }
}
