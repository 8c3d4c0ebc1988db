using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Infrastructure.Idempotency;

/// <summary>
/// The <c>Idempotency-Key</c> rule of API.md: the same key with the same body returns the first result; the same key
/// with another body is <c>409 idempotency_key_reused</c>. Only successes are remembered, so a request that failed
/// (bad credentials, Meta down) can be retried with its key once the cause is fixed.
/// </summary>
internal sealed class IdempotencyKeys(AppDbContext db, TenantContext tenant, TimeProvider clock)
{
    public const string HeaderName = "Idempotency-Key";
    public const string KeyReused = "idempotency_key_reused";
    private const int MaxKeyLength = 255;

    /// <summary>A key and the hash of the request it came with.</summary>
    public sealed record Claim(string Scope, string Key, byte[] RequestHash);

    /// <summary>Reads the header; <see langword="null"/> when the request has none.</summary>
    public static Claim? From<TRequest>(HttpRequest request, string scope, TRequest body)
    {
        var key = request.Headers[HeaderName].ToString().Trim();
        if (key.Length == 0)
        {
            return null;
        }

        if (key.Length > MaxKeyLength)
        {
            throw ApiProblemException.Validation(HeaderName, $"The {HeaderName} header must be at most {MaxKeyLength} characters.");
        }

        // The body as the endpoint read it, re-serialised: formatting and property order do not matter.
        return new Claim(scope, key, SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(body)));
    }

    /// <summary>The resource a first request with this key made, or null; throws <c>idempotency_key_reused</c> for another body.</summary>
    public async Task<Guid?> FindAsync(Claim claim, CancellationToken ct)
    {
        var record = await db.Set<IdempotencyRecord>().AsNoTracking()
            .SingleOrDefaultAsync(r => r.Scope == claim.Scope && r.Key == claim.Key, ct);
        if (record is null)
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(record.RequestHash, claim.RequestHash)
            ? record.ResourceId
            : throw ApiProblemException.Conflict(KeyReused,
                $"This {HeaderName} was already used with a different request body; use a new key for a new request.");
    }

    /// <summary>
    /// Remembers the result. When a concurrent request with the same key got there first, returns that one's
    /// resource (or throws <c>idempotency_key_reused</c>), so both callers see one answer.
    /// </summary>
    public async Task<Guid> RememberAsync(Claim claim, Guid resourceId, CancellationToken ct)
    {
        var sqlite = db.IsSqlite;
        var now = clock.GetUtcNow();
        object createdAt = sqlite ? now.UtcTicks : now;
        var inserted = await db.Database.ExecuteSqlAsync($"""
            INSERT INTO idempotency_records (id, org_id, scope, key, request_hash, resource_id, created_at)
            VALUES ({Guid.CreateVersion7()}, {tenant.OrgId}, {claim.Scope}, {claim.Key}, {claim.RequestHash}, {resourceId}, {createdAt})
            ON CONFLICT DO NOTHING
            """, ct);
        return inserted == 1 ? resourceId : await FindAsync(claim, ct) ?? resourceId;
    }
}
