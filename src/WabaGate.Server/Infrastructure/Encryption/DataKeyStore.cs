using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>
/// Finds, unwraps and caches organizations' data keys, and creates version 1 the first time an organization
/// encrypts. Every read and write runs in its own unit of work acting for that organization, so row-level
/// security (PostgreSQL) and the query filter (SQLite) apply to the key rows like to any tenant data.
/// </summary>
internal sealed class DataKeyStore(
    IServiceScopeFactory scopes, MasterKeyRing ring, DataKeyCache cache, TimeProvider time, ILogger<DataKeyStore> logger)
{
    /// <summary>The key new data is encrypted with: the highest version, created lazily.</summary>
    public ValueTask<DataKey> GetActiveAsync(Guid orgId, CancellationToken cancellationToken)
        => cache.Get(orgId, DataKeyCache.Active) is { } key ? ValueTask.FromResult(key) : new(LoadActiveAsync(orgId, cancellationToken));

    /// <summary>The key of one version, to decrypt data written under it.</summary>
    public ValueTask<DataKey> GetAsync(Guid orgId, int version, CancellationToken cancellationToken)
        => version > 0 && cache.Get(orgId, version) is { } key ? ValueTask.FromResult(key) : new(LoadAsync(orgId, version, cancellationToken));

    public AsyncServiceScope ScopeFor(Guid orgId, out AppDbContext db)
    {
        var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(orgId);
        db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        return scope;
    }

    /// <summary>Generates, wraps and stores a new version (the caller's unit of work acts for the organization).</summary>
    public async Task<DataKey> CreateVersionAsync(AppDbContext db, Guid orgId, int version, CancellationToken cancellationToken)
    {
        if (!await db.Set<Organization>().AnyAsync(o => o.Id == orgId, cancellationToken))
        {
            throw new InvalidOperationException($"Organization {orgId} does not exist.");
        }

        var key = new DataKey(orgId, version, GC.AllocateArray<byte>(MasterKeyRing.KeySize, pinned: true));
        RandomNumberGenerator.Fill(key.Key);
        db.Set<OrgDataKey>().Add(new OrgDataKey
        {
            OrgId = orgId,
            Version = version,
            WrappedKey = ring.Wrap(key.Key, orgId, version),
            MasterKeyId = ring.Current.Id,
            CreatedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        cache.Set(version, key);
        cache.Set(DataKeyCache.Active, key);
        EncryptionLog.DataKeyCreated(logger, orgId, version, ring.Current.Id);
        return key;
    }

    public DataKey Unwrap(OrgDataKey row)
    {
        if (row.DestroyedAt is not null)
        {
            throw new DataKeyDestroyedException(row.OrgId);
        }

        return new DataKey(row.OrgId, row.Version, ring.Unwrap(row.WrappedKey, row.MasterKeyId, row.OrgId, row.Version));
    }

    private async Task<DataKey> LoadActiveAsync(Guid orgId, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            await using var scope = ScopeFor(orgId, out var db);
            var newest = await db.Set<OrgDataKey>().AsNoTracking().OrderByDescending(k => k.Version).FirstOrDefaultAsync(cancellationToken);
            if (newest is not null)
            {
                var key = Unwrap(newest);
                cache.Set(key.Version, key);
                cache.Set(DataKeyCache.Active, key);
                return key;
            }

            try
            {
                return await CreateVersionAsync(db, orgId, 1, cancellationToken);
            }
            catch (DbUpdateException) when (attempt == 0)
            {
                // Another unit of work created version 1 first (unique org_id, version): use theirs.
            }
        }
    }

    private async Task<DataKey> LoadAsync(Guid orgId, int version, CancellationToken cancellationToken)
    {
        await using var scope = ScopeFor(orgId, out var db);
        var row = await db.Set<OrgDataKey>().AsNoTracking().FirstOrDefaultAsync(k => k.Version == version, cancellationToken)
            ?? throw new CryptographicException($"Organization {orgId} has no data key version {version}.");
        var key = Unwrap(row);
        cache.Set(version, key);
        return key;
    }
}
