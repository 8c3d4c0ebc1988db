namespace WabaGate.Server.Data.Entities;

/// <summary>Where a webhook delivery is in its life; stored lower-case.</summary>
public enum WebhookDeliveryState
{
    /// <summary>Stored and waiting for (or in) its processing job.</summary>
    Pending,

    Processed,

    /// <summary>Cannot be processed as sent (e.g. malformed JSON); kept for inspection, not retried.</summary>
    Failed,

    /// <summary>Processing ran out of attempts; replay revives it.</summary>
    Dead,

    /// <summary>
    /// No single organization owns the delivery's WABAs (yet): kept, its body sealed under the master key, and adopted
    /// by the organization that connects those WABAs.
    /// </summary>
    Unroutable,
}

/// <summary>Which secret verified the delivery's signature.</summary>
public enum WebhookSource
{
    /// <summary>The gateway's own Meta app (<c>POST /webhooks/meta</c>).</summary>
    App,

    /// <summary>A manual connection's own app (<c>POST /webhooks/meta/{key}</c>).</summary>
    Connection,
}

/// <summary>
/// One signed POST from Meta, stored before it is acknowledged (the durable inbox). The raw body is kept only as
/// ciphertext under the owning organization's key. <see cref="OrgId"/> is <see langword="null"/> for unroutable
/// deliveries, which are visible only in system context (row-level security, like system jobs).
/// </summary>
public sealed class WebhookDelivery
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid? OrgId { get; set; }

    public Guid? ConnectionId { get; set; }

    public DateTimeOffset ReceivedAt { get; set; }

    public WebhookSource Source { get; set; }

    /// <summary>The changes' <c>field</c> names, comma-separated and distinct (e.g. <c>messages</c>).</summary>
    public string Fields { get; set; } = string.Empty;

    public WebhookDeliveryState State { get; set; }

    /// <summary>Processing attempts so far.</summary>
    public int Attempts { get; set; }

    /// <summary>Why the delivery failed or is unroutable; short and free of payload data.</summary>
    public string? Error { get; set; }

    /// <summary>Per-change outcomes of the last processing, as JSON (counts and ids, no content).</summary>
    public string? Outcome { get; set; }

    /// <summary>
    /// The raw body, encrypted with the organization's key — or, while the delivery is unroutable (no organization,
    /// so no organization key), sealed under the master key named by <see cref="SealedBy"/>.
    /// </summary>
    public byte[]? PayloadCipher { get; set; }

    /// <summary>The master key that sealed an unroutable delivery's body; <see langword="null"/> once it belongs to an organization.</summary>
    public string? SealedBy { get; set; }

    /// <summary>The entries' ids (WABA ids), comma-separated: what an unroutable delivery waits for to be adopted.</summary>
    public string? EntryIds { get; set; }

    /// <summary>SHA-256 of the raw body: Meta redelivers identical bytes, which are stored once.</summary>
    public required byte[] BodySha256 { get; set; }

    public DateTimeOffset? ProcessedAt { get; set; }
}
