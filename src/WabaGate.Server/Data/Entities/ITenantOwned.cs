namespace WabaGate.Server.Data.Entities;

/// <summary>A row that belongs to one organization; filtered by EF and by PostgreSQL row-level security.</summary>
public interface ITenantOwned
{
    Guid OrgId { get; set; }
}

/// <summary>
/// A row that belongs to one organization or, with <see cref="OrgId"/> NULL, to the system (e.g. a system job).
/// Visible only in the matching context: EF filters <c>org_id IS NOT DISTINCT FROM</c> the current organization,
/// as PostgreSQL row-level security does.
/// </summary>
public interface ISystemOrTenantOwned
{
    Guid? OrgId { get; set; }
}
