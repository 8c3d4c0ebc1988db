namespace WabaGate.Server.Data.Entities;

/// <summary>
/// One status Meta reported for an outbound message, kept as history whatever order it arrived in. Linked to the
/// message by <see cref="Wamid"/>; <see cref="MessageId"/> is set once the message is known (a status can arrive
/// before the send call that produced the wamid has returned).
/// </summary>
public sealed class MessageStatusEvent : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    public Guid? MessageId { get; set; }

    public required string Wamid { get; set; }

    /// <summary>Meta's status string: sent, delivered, read, played, failed, or a new one.</summary>
    public required string Status { get; set; }

    /// <summary>Meta's timestamp of the status.</summary>
    public DateTimeOffset Timestamp { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public int? ErrorCode { get; set; }

    public string? ErrorTitle { get; set; }

    /// <summary>Meta's errors array, pricing and conversation objects as JSON.</summary>
    public string? Details { get; set; }
}
