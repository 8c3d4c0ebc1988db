namespace WabaGate.Server.Data.Entities;

/// <summary>
/// The thread between one of the organization's phone numbers and one contact. Carries the 24-hour customer
/// service window: opened and extended by the contact's inbound messages, it decides whether free-form
/// messages may be sent.
/// </summary>
public sealed class Conversation : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    public Guid ConnectionId { get; set; }

    /// <summary>The <see cref="PhoneNumber"/> row (not Meta's phone number id).</summary>
    public Guid PhoneNumberRowId { get; set; }

    public Guid ContactId { get; set; }

    public DateTimeOffset? LastMessageAt { get; set; }

    /// <summary>When the contact last wrote (Meta's timestamp of the newest inbound message).</summary>
    public DateTimeOffset? LastInboundAt { get; set; }

    /// <summary><see cref="LastInboundAt"/> + 24 h: free-form messages are allowed until then.</summary>
    public DateTimeOffset? WindowExpiresAt { get; set; }

    /// <summary>Inbound messages not yet read in the inbox.</summary>
    public int UnreadCount { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
