namespace WabaGate.Server.Data.Entities;

/// <summary>One security-relevant action in an organization: who did what to which resource, and why.</summary>
public sealed class AuditLogEntry : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    /// <summary><c>user:{id}</c> or <c>api_key:{id}</c>.</summary>
    public required string Actor { get; set; }

    /// <summary>A dotted verb, e.g. <c>message.approve</c>.</summary>
    public required string Action { get; set; }

    /// <summary>The resource acted on, e.g. <c>message:{id}</c>.</summary>
    public required string Target { get; set; }

    /// <summary>Free text the actor gave; never a secret or a message body.</summary>
    public string? Reason { get; set; }

    public DateTimeOffset At { get; set; }
}
