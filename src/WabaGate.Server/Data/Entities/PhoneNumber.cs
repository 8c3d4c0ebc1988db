namespace WabaGate.Server.Data.Entities;

/// <summary>A WhatsApp phone number of a connection's WABA, as Meta last reported it.</summary>
public sealed class PhoneNumber : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    public Guid ConnectionId { get; set; }

    /// <summary>Meta's phone number id: what webhooks are routed by and sends are made from.</summary>
    public required string PhoneNumberId { get; set; }

    public string? DisplayPhoneNumber { get; set; }

    public string? VerifiedName { get; set; }

    public string? QualityRating { get; set; }

    public string? MessagingLimitTier { get; set; }

    public string? ThroughputLevel { get; set; }

    public string? NameStatus { get; set; }

    public string? Status { get; set; }

    public string? PlatformType { get; set; }

    /// <summary>A number that also runs the WhatsApp Business app (coexistence): never registered by us.</summary>
    public bool IsCoexistence { get; set; }

    public bool Registered { get; set; }

    /// <summary>The two-step verification PIN set at registration, encrypted.</summary>
    public byte[]? PinCipher { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
