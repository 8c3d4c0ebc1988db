namespace WabaGate.Server.Data.Entities;

/// <summary>A message template of a connection's WABA, as Meta last reported it (or as submitted, until synced).</summary>
public sealed class Template : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    public Guid ConnectionId { get; set; }

    /// <summary>Meta's template id.</summary>
    public string? MetaId { get; set; }

    public required string Name { get; set; }

    public required string Language { get; set; }

    /// <summary>UTILITY, MARKETING or AUTHENTICATION.</summary>
    public required string Category { get; set; }

    /// <summary>Meta's status: APPROVED, PENDING, REJECTED, PAUSED, DISABLED, IN_APPEAL …</summary>
    public required string Status { get; set; }

    /// <summary>POSITIONAL or NAMED.</summary>
    public string ParameterFormat { get; set; } = "POSITIONAL";

    /// <summary>Meta's components array as JSON, every field kept.</summary>
    public required string Components { get; set; }

    public string? QualityScore { get; set; }

    public string? RejectedReason { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? SyncedAt { get; set; }
}
