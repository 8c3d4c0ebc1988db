namespace WabaGate.Server.Data.Entities;

public enum OrgRole
{
    Owner,
    Admin,
    Agent,
}

/// <summary>
/// A user's role in one organization. Memberships hold no customer data and are read before the
/// organization is known (at sign-in), so they sit outside row-level security like the Identity tables.
/// </summary>
public sealed class Membership
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid UserId { get; set; }

    public Guid OrgId { get; set; }

    public OrgRole Role { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}
