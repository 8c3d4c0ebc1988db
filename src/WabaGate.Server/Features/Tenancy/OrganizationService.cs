using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>Creates organizations and their API keys. Acts within one unit of work (one DI scope).</summary>
internal sealed class OrganizationService(AppDbContext db, TenantContext tenant, TimeProvider clock)
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

    public Task<Organization?> CurrentAsync(CancellationToken cancellationToken)
        => db.Organizations.SingleOrDefaultAsync(cancellationToken);
}
