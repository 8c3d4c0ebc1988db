namespace WabaGate.Server.Data;

/// <summary>
/// The organization the current unit of work acts for (one per request or job scope).
/// Every tenant-owned query is filtered by it in EF, and on PostgreSQL the same id is handed to
/// row-level security with <c>set_config('app.org_id', ..., true)</c> on every command.
/// <see langword="null"/> means system context: tenant tables show no rows at all.
/// </summary>
public sealed class TenantContext
{
    /// <summary>System context for a context outside any scope (the migrator, a pooled context between leases); never set.</summary>
    internal static readonly TenantContext System = new() { frozen = true };

    private bool frozen;

    public Guid? OrgId { get; private set; }

    public void Set(Guid orgId)
    {
        if (frozen)
        {
            throw new InvalidOperationException("A database context outside a scope acts in system context only.");
        }

        if (OrgId is { } current && current != orgId)
        {
            throw new InvalidOperationException("The organization of a unit of work cannot change once set.");
        }

        OrgId = orgId;
    }
}
