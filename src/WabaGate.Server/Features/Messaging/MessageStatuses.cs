using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// The one rule for moving a message's status: only forward. Webhook statuses arrive in any order and more than
/// once; a late <c>delivered</c> never undoes <c>read</c>, and <c>failed</c> and <c>rejected</c> are terminal.
/// </summary>
public static class MessageStatuses
{
    public static int Rank(MessageStatus status) => status switch
    {
        MessageStatus.PendingApproval => 0,
        MessageStatus.Queued => 1,
        MessageStatus.Sending => 2,
        MessageStatus.Sent => 3,
        MessageStatus.Delivered => 4,
        MessageStatus.Read or MessageStatus.Played => 5,
        MessageStatus.Received => 5,
        MessageStatus.Failed or MessageStatus.Rejected => 6,
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, null),
    };

    public static bool IsTerminal(MessageStatus status) => status is MessageStatus.Failed or MessageStatus.Rejected;

    /// <summary>Whether <paramref name="current"/> may become <paramref name="next"/>.</summary>
    public static bool CanAdvance(MessageStatus current, MessageStatus next)
        => !IsTerminal(current) && Rank(next) > Rank(current);

    /// <summary>Meta's webhook status string as ours; <see langword="null"/> for one we do not know (kept in history only).</summary>
    public static MessageStatus? FromMeta(string? status) => status switch
    {
        "sent" => MessageStatus.Sent,
        "delivered" => MessageStatus.Delivered,
        "read" => MessageStatus.Read,
        "played" => MessageStatus.Played,
        "failed" => MessageStatus.Failed,
        _ => null,
    };

    /// <summary>The API's spelling: <c>pending_approval</c>, <c>queued</c>, … (as stored).</summary>
    public static string ToApi(MessageStatus status) => Data.Configurations.EnumNames.SnakeCase(status);
}
