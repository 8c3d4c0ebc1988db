using System.Security.Cryptography;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Tests.Messaging;

namespace WabaGate.Server.Tests.Tenancy;

public sealed class ApiKeyCacheTests
{
    private static readonly byte[] Hash = SHA256.HashData("wg_cache_test_key_0000"u8);

    [Fact]
    public void A_cached_key_expires_after_its_ttl()
    {
        var clock = new ManualClock();
        var cache = new ApiKeyCache(clock);
        var match = new SystemQueries.ApiKeyMatch(Guid.NewGuid(), Guid.NewGuid(), OrgRole.Admin, Revoked: false);

        cache.Add(Hash, match, cache.Generation);
        Assert.Equal(match, cache.Find(Hash));

        clock.Advance(ApiKeyCache.Ttl + TimeSpan.FromMilliseconds(1));
        Assert.Null(cache.Find(Hash));
    }

    [Fact]
    public void Revoked_keys_are_never_cached_and_invalidation_removes_a_key_at_once()
    {
        var cache = new ApiKeyCache(new ManualClock());
        var id = Guid.NewGuid();
        cache.Add(Hash, new SystemQueries.ApiKeyMatch(id, Guid.NewGuid(), OrgRole.Admin, Revoked: true), cache.Generation);
        Assert.Null(cache.Find(Hash));

        cache.Add(Hash, new SystemQueries.ApiKeyMatch(id, Guid.NewGuid(), OrgRole.Admin, Revoked: false), cache.Generation);
        cache.Invalidate(id);
        Assert.Null(cache.Find(Hash));
    }

    [Fact]
    public void A_look_up_that_raced_with_a_revocation_is_not_cached()
    {
        var cache = new ApiKeyCache(new ManualClock());
        var id = Guid.NewGuid();
        var seen = cache.Generation; // the look-up starts and reads the key as valid …
        cache.Invalidate(id);        // … while the key is revoked and the cache invalidated

        cache.Add(Hash, new SystemQueries.ApiKeyMatch(id, Guid.NewGuid(), OrgRole.Admin, Revoked: false), seen);

        Assert.Null(cache.Find(Hash));
    }
}
