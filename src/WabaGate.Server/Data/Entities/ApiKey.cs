namespace WabaGate.Server.Data.Entities;

/// <summary>
/// An organization's API key. Only a SHA-256 hash of the secret is stored (keys are 256 random bits, so a
/// slow password hash adds nothing); <see cref="Prefix"/> lets people recognise a key without the secret.
/// </summary>
public sealed class ApiKey : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    public required string Name { get; set; }

    public required string Prefix { get; set; }

    public required byte[] Hash { get; set; }

    public OrgRole Role { get; set; } = OrgRole.Admin;

    public Guid? CreatedByUserId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? LastUsedAt { get; set; }

    public DateTimeOffset? RevokedAt { get; set; }
}
