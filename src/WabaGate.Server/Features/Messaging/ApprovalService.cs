using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Compliance;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Jobs;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// Approve or reject a message waiting for approval (Owner/Admin). Approval queues it for sending (re-checking the
/// 24 h window for free-form messages); rejection is final and the message never reaches Meta. Each decision is
/// audit-logged in the same transaction, then published as <c>message.status</c>.
/// </summary>
internal sealed class ApprovalService(
    AppDbContext db, MessageContentCodec codec, MessageSender sender, IJobQueue queue, AuditLog audit, ILiveEvents live, TimeProvider clock, ILogger<ApprovalService> logger)
{
    private const int MaxReasonLength = 1000;

    public async Task<MessageView> DecideAsync(Caller caller, Guid messageId, bool approve, string? reason, CancellationToken ct)
    {
        OutboundValidator.Max("reason", reason, MaxReasonLength);
        var message = await db.Set<Message>().SingleOrDefaultAsync(m => m.Id == messageId, ct)
            ?? throw ApiProblemException.NotFound("No message with this id.");
        if (message.Status != MessageStatus.PendingApproval)
        {
            throw ApiProblemException.Conflict(MessagingCodes.NotPendingApproval, $"The message is {MessageStatuses.ToApi(message.Status)}, not waiting for approval.");
        }

        var now = clock.GetUtcNow();
        if (approve && message.Type != Graph.Messages.MessageTypes.Template && !await sender.WindowOpenAsync(message.PhoneNumberRowId, message.To, now, ct))
        {
            throw ApiProblemException.Conflict(MessagingCodes.OutsideWindow, "The customer service window closed while the message waited for approval. Reject it, or send an approved template instead (type: template).");
        }

        var actor = AuditLog.Actor(caller);
        message.Status = approve ? MessageStatus.Queued : MessageStatus.Rejected;
        message.ReviewedBy = actor;
        message.ReviewedAt = now;
        message.ReviewReason = reason;
        message.UpdatedAt = now;
        if (approve)
        {
            MessageSender.EnqueueSend(queue, message);
        }
        else
        {
            message.ErrorTitle = "Rejected";
            message.ErrorDetail = reason is null ? "Rejected by a reviewer; it was not sent." : $"Rejected by a reviewer; it was not sent. Reason: {reason}";
        }

        audit.Add(caller, approve ? "message.approve" : "message.reject", $"message:{message.Id}", reason);
        await db.SaveChangesAsync(ct);
        MessagingLog.Reviewed(logger, message.Id, approve ? "approved" : "rejected", actor);

        var view = MessageView.Create(message, await codec.ReadAsync(message, ct));
        await live.PublishAsync(message.OrgId, LiveEventTypes.MessageStatus, view, CancellationToken.None);
        return view;
    }
}
