namespace WabaGate.Server.Data.Entities;

/// <summary>A row that belongs to one organization; filtered by EF and by PostgreSQL row-level security.</summary>
public interface ITenantOwned
{
    Guid OrgId { get; set; }
}
