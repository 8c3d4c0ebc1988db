using Microsoft.Extensions.Options;
using WabaGate.Server.Infrastructure.Encryption;

namespace WabaGate.Server.Tests.Encryption;

public sealed class DataKeyCacheTests
{
    [Fact]
    public void The_cache_is_bounded_and_evicts_the_least_recently_used_key()
    {
        var cache = new DataKeyCache(Options.Create(new EncryptionOptions { DataKeyCacheSize = 2 }), new ManualTime());
        var (a, b, c) = (Key(), Key(), Key());

        cache.Set(1, a);
        cache.Set(1, b);
        Assert.Same(a, cache.Get(a.OrgId, 1));
        cache.Set(1, c);

        Assert.Equal(2, cache.Count);
        Assert.Same(a, cache.Get(a.OrgId, 1));
        Assert.Null(cache.Get(b.OrgId, 1));
        Assert.Same(c, cache.Get(c.OrgId, 1));
    }

    [Fact]
    public void Entries_expire_and_an_organization_can_be_evicted()
    {
        var time = new ManualTime();
        var cache = new DataKeyCache(Options.Create(new EncryptionOptions { DataKeyCacheLifetime = TimeSpan.FromMinutes(5) }), time);
        var (a, b) = (Key(), Key());
        cache.Set(1, a);
        cache.Set(DataKeyCache.Active, a);
        cache.Set(1, b);

        cache.EvictOrganization(a.OrgId);
        Assert.Null(cache.Get(a.OrgId, DataKeyCache.Active));
        Assert.Same(b, cache.Get(b.OrgId, 1));

        time.Advance(TimeSpan.FromMinutes(6));
        Assert.Null(cache.Get(b.OrgId, 1));
        Assert.Equal(0, cache.Count);
    }

    private static DataKey Key() => new(Guid.NewGuid(), 1, new byte[32]);

    private sealed class ManualTime : TimeProvider
    {
        private long now = 1_000_000;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => now;

        public void Advance(TimeSpan by) => now += by.Ticks;
    }
}
