namespace WabaGate.Server.Data.Entities;

/// <summary>A WhatsApp user who wrote to, or was written to by, one of the organization's numbers.</summary>
public sealed class Contact : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    /// <summary>The WhatsApp id (digits of the phone number), unique within the organization.</summary>
    public required string WaId { get; set; }

    /// <summary>The profile name Meta last reported, encrypted.</summary>
    public byte[]? ProfileNameCipher { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
