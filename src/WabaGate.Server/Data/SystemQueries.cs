using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Data;

/// <summary>
/// The few reviewed lookups that must cross organizations, because they run before the organization is
/// known. On PostgreSQL each is a SECURITY DEFINER function created by a migration (row-level security stays
/// on for everything else); on SQLite the same question is asked with the EF filter lifted.
/// Keep this list short: every member is a hole in tenant isolation by design.
/// </summary>
internal sealed class SystemQueries(AppDbContext db)
{
    public sealed record ApiKeyMatch(Guid Id, Guid OrgId, OrgRole Role, bool Revoked);

    public async Task<ApiKeyMatch?> FindApiKeyAsync(byte[] hash, CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            var rows = await db.Database
                .SqlQuery<ApiKeyRow>($"SELECT id AS \"Id\", org_id AS \"OrgId\", role AS \"Role\", revoked AS \"Revoked\" FROM find_api_key({hash})")
                .ToListAsync(cancellationToken);
            return rows.Select(r => new ApiKeyMatch(r.Id, r.OrgId, Enum.Parse<OrgRole>(r.Role), r.Revoked)).SingleOrDefault();
        }

        return await db.Set<ApiKey>().IgnoreQueryFilters().AsNoTracking()
            .Where(k => k.Hash == hash)
            .Select(k => new ApiKeyMatch(k.Id, k.OrgId, k.Role, k.RevokedAt != null))
            .SingleOrDefaultAsync(cancellationToken);
    }

    /// <summary>How many organizations exist at all: the sandbox bootstrap runs only on an empty database.</summary>
    public async Task<long> CountOrganizationsAsync(CancellationToken cancellationToken)
    {
        if (db.Database.IsNpgsql())
        {
            return await db.Database.SqlQuery<long>($"SELECT organization_count() AS \"Value\"").SingleAsync(cancellationToken);
        }

        return await db.Organizations.IgnoreQueryFilters().LongCountAsync(cancellationToken);
    }

    private sealed record ApiKeyRow(Guid Id, Guid OrgId, string Role, bool Revoked);
}
