using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Infrastructure.Encryption;

internal sealed class DataKeyManager(
    IServiceScopeFactory scopes, DataKeyStore store, MasterKeyRing ring, DataKeyCache cache, TimeProvider time, ILogger<DataKeyManager> logger)
    : IDataKeyManager
{
    public async Task<int> RotateOrganizationKeyAsync(Guid orgId, CancellationToken cancellationToken = default)
    {
        await using var scope = store.ScopeFor(orgId, out var db);
        var newest = await db.Set<OrgDataKey>().AsNoTracking().OrderByDescending(k => k.Version).FirstOrDefaultAsync(cancellationToken);
        if (newest?.DestroyedAt is not null)
        {
            throw new DataKeyDestroyedException(orgId);
        }

        var key = await store.CreateVersionAsync(db, orgId, (newest?.Version ?? 0) + 1, cancellationToken);
        return key.Version;
    }

    public async Task DestroyOrganizationKeysAsync(Guid orgId, CancellationToken cancellationToken = default)
    {
        await using (var scope = store.ScopeFor(orgId, out var db))
        {
            var rows = await db.Set<OrgDataKey>().ToListAsync(cancellationToken);
            if (rows.Count == 0)
            {
                // A tombstone, so the organization cannot lazily get a fresh key afterwards.
                rows.Add(db.Set<OrgDataKey>().Add(new OrgDataKey { OrgId = orgId, Version = 1, CreatedAt = time.GetUtcNow() }).Entity);
            }

            foreach (var row in rows)
            {
                row.WrappedKey = [];
                row.DestroyedAt ??= time.GetUtcNow();
            }

            await db.SaveChangesAsync(cancellationToken);
            EncryptionLog.DataKeysDestroyed(logger, orgId, rows.Count);
        }

        cache.EvictOrganization(orgId);
    }

    public async Task<MasterKeyRotationResult> RewrapAllAsync(CancellationToken cancellationToken = default)
    {
        var organizations = await ListOrganizationIdsAsync(cancellationToken);
        var total = 0;
        foreach (var orgId in organizations)
        {
            total += await RewrapAsync(orgId, cancellationToken);
        }

        return new MasterKeyRotationResult(ring.Current.Id, organizations.Count, total);
    }

    private async Task<int> RewrapAsync(Guid orgId, CancellationToken cancellationToken)
    {
        await using var scope = store.ScopeFor(orgId, out var db);
        var current = ring.Current.Id;
        var rows = await db.Set<OrgDataKey>()
            .Where(k => k.DestroyedAt == null && k.MasterKeyId != current)
            .ToListAsync(cancellationToken);
        foreach (var row in rows)
        {
            var key = store.Unwrap(row);
            row.WrappedKey = ring.Wrap(key.Key, orgId, row.Version);
            row.MasterKeyId = current;
            CryptographicOperations.ZeroMemory(key.Key);
        }

        await db.SaveChangesAsync(cancellationToken);
        if (rows.Count > 0)
        {
            EncryptionLog.DataKeysRewrapped(logger, orgId, rows.Count, current);
        }

        return rows.Count;
    }

    /// <summary>
    /// Every organization id. The application role sees no organization rows outside a tenant context on
    /// PostgreSQL, so it asks the reviewed SECURITY DEFINER function; SQLite has only the EF filter.
    /// </summary>
    private async Task<List<Guid>> ListOrganizationIdsAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return db.IsPostgres
            ? await db.Database.SqlQueryRaw<Guid>("SELECT id AS \"Value\" FROM list_organization_ids() AS t(id)").ToListAsync(cancellationToken)
            : await db.Set<Organization>().IgnoreQueryFilters().Select(o => o.Id).OrderBy(id => id).ToListAsync(cancellationToken);
    }
}
