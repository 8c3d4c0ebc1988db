using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>Creates organizations and their API keys. Acts within one unit of work (one DI scope).</summary>
internal sealed class OrganizationService(AppDbContext db, TenantContext tenant, ApiKeyCache keys, TimeProvider clock)
{
    /// <summary>Creates an organization and makes it the tenant of this unit of work.</summary>
    public async Task<Organization> CreateOrganizationAsync(string name, CancellationToken cancellationToken)
    {
        var organization = new Organization { Name = name.Trim(), CreatedAt = clock.GetUtcNow() };
        tenant.Set(organization.Id);
        db.Organizations.Add(organization);
        await db.SaveChangesAsync(cancellationToken);
        return organization;
    }

    /// <summary>Creates a key in the current organization; the returned secret is never retrievable again.</summary>
    public async Task<(ApiKey Key, string Secret)> CreateApiKeyAsync(
        string name, OrgRole role, Guid? createdByUserId, CancellationToken cancellationToken, string? fixedSecret = null)
    {
        var orgId = tenant.OrgId ?? throw new InvalidOperationException("No organization in this unit of work.");
        var secret = fixedSecret ?? ApiKeySecret.Generate();
        var key = new ApiKey
        {
            OrgId = orgId,
            Name = name.Trim(),
            Prefix = ApiKeySecret.DisplayPrefix(secret),
            Hash = ApiKeySecret.Hash(secret),
            Role = role == OrgRole.Owner ? OrgRole.Admin : role,
            CreatedByUserId = createdByUserId,
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, secret);
    }

    /// <summary>The current organization's keys, newest first (at most 200).</summary>
    public Task<List<ApiKey>> ListApiKeysAsync(CancellationToken cancellationToken)
        => db.Set<ApiKey>().AsNoTracking().OrderByDescending(k => k.CreatedAt).Take(200).ToListAsync(cancellationToken);

    /// <summary>Revokes a key of the current organization; false when it has no such key. Revoking twice is fine.</summary>
    public async Task<bool> RevokeApiKeyAsync(Guid id, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var changed = await db.Set<ApiKey>().Where(k => k.Id == id && k.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.RevokedAt, now), cancellationToken);
        if (changed > 0)
        {
            keys.Invalidate(id);
        }

        return changed > 0 || await db.Set<ApiKey>().AnyAsync(k => k.Id == id, cancellationToken);
    }

    public Task<Organization?> CurrentAsync(CancellationToken cancellationToken)
        => db.Organizations.SingleOrDefaultAsync(cancellationToken);
}
