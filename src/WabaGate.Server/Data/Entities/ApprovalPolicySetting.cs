namespace WabaGate.Server.Data.Entities;

/// <summary>Which outbound messages wait for an Owner or Admin to approve them before they reach Meta.</summary>
public enum ApprovalPolicy
{
    /// <summary>Nothing waits.</summary>
    None,

    /// <summary>Every outbound message waits.</summary>
    AllOutbound,

    /// <summary>Messages sent through the API (an API key) wait; the web UI's do not.</summary>
    ApiOriginatedOnly,

    /// <summary>Template messages wait (they start conversations and cost money).</summary>
    TemplatesOnly,
}

/// <summary>
/// The approval policy of an organization (<see cref="ConnectionId"/> null) or of one of its connections, which
/// overrides the organization's. One row per scope: <see cref="ScopeKey"/> is <c>organization</c> or the connection id.
/// </summary>
public sealed class ApprovalPolicySetting : ITenantOwned
{
    public const string OrganizationScope = "organization";

    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    public Guid? ConnectionId { get; set; }

    public required string ScopeKey { get; set; }

    public ApprovalPolicy Policy { get; set; }

    /// <summary>The user or API key that last set the policy.</summary>
    public string? UpdatedBy { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
}
