namespace WabaGate.Server.Data.Entities;

public enum MessageDirection
{
    Inbound,
    Outbound,
}

/// <summary>
/// Where a message is. Outbound: pending_approval → queued → sending → sent → delivered → read (or failed;
/// rejected never leaves WabaGate). Inbound messages are <see cref="Received"/>.
/// </summary>
public enum MessageStatus
{
    PendingApproval,
    Queued,
    Sending,
    Sent,
    Delivered,
    Read,
    Played,
    Failed,
    Rejected,
    Received,
}

/// <summary>Who asked for an outbound message (approval policies can hold API-originated ones only).</summary>
public enum MessageOrigin
{
    Api,
    Ui,
    System,
}

/// <summary>
/// One WhatsApp message in either direction. The type-specific content (and, inbound, the reply context and
/// referral) is stored as encrypted JSON; Meta's <see cref="Wamid"/> is unique per organization, which is how
/// redelivered webhooks are deduplicated. Statuses only move forward (see <c>MessageStatuses</c>).
/// </summary>
public sealed class Message : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    public Guid ConnectionId { get; set; }

    public Guid PhoneNumberRowId { get; set; }

    public Guid ConversationId { get; set; }

    public Guid ContactId { get; set; }

    public MessageDirection Direction { get; set; }

    public MessageOrigin Origin { get; set; }

    /// <summary>Sender: a WhatsApp id inbound, the business's phone number id outbound.</summary>
    public required string From { get; set; }

    public required string To { get; set; }

    /// <summary>Meta's message type (<c>text</c>, <c>image</c>, <c>template</c>, <c>unsupported</c>, an unknown new type …).</summary>
    public required string Type { get; set; }

    /// <summary>
    /// Encrypted JSON <c>{"content":{…},"context":{…},"referral":{…}}</c>; outbound
    /// messages keep the validated request here, which the dispatcher turns into Meta's shape.
    /// </summary>
    public byte[]? ContentCipher { get; set; }

    public MessageStatus Status { get; set; }

    public string? Wamid { get; set; }

    /// <summary>The WabaGate media row of an image/document/audio/video/sticker message.</summary>
    public Guid? MediaId { get; set; }

    public int? ErrorCode { get; set; }

    public string? ErrorTitle { get; set; }

    public string? ErrorDetail { get; set; }

    /// <summary>Meta's error object as JSON (code, title, message, error_data …), when Meta sent one.</summary>
    public string? ErrorMeta { get; set; }

    /// <summary>The host application's own data, as JSON, returned untouched.</summary>
    public string? Metadata { get; set; }

    public string? IdempotencyKey { get; set; }

    /// <summary>SHA-256 (hex) of the request that created the message under <see cref="IdempotencyKey"/>.</summary>
    public string? RequestHash { get; set; }

    /// <summary>The user id or API key id that asked for the message.</summary>
    public string? RequestedBy { get; set; }

    public string? ReviewedBy { get; set; }

    public DateTimeOffset? ReviewedAt { get; set; }

    public string? ReviewReason { get; set; }

    /// <summary>Send attempts made to Meta so far (an attempt that may have reached Meta is never blindly repeated).</summary>
    public int SendAttempts { get; set; }

    public DateTimeOffset? LastAttemptAt { get; set; }

    /// <summary>When Meta says the message happened (inbound: the message timestamp).</summary>
    public DateTimeOffset? Timestamp { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? SentAt { get; set; }

    public DateTimeOffset? DeliveredAt { get; set; }

    public DateTimeOffset? ReadAt { get; set; }

    public DateTimeOffset? FailedAt { get; set; }
}
