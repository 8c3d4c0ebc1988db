using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Encryption;

/// <summary>The key ring behind cookies and one-time links: in the database, sealed under the master key, shared across restarts.</summary>
public sealed class DataProtectionKeyTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Keys_are_stored_in_the_database_sealed_and_survive_a_restart(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var protectedValue = gateway.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Protect("session payload");

        var stored = await gateway.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Set<DataProtectionKey>().Select(k => k.Xml).ToListAsync());
        var xml = Assert.Single(stored);
        Assert.Contains("sealedKey", xml, StringComparison.Ordinal);
        Assert.DoesNotContain("<value>", xml, StringComparison.Ordinal);
        Assert.False(Directory.Exists(Path.Combine(gateway.DataDirectory, "data-protection-keys")));

        await using var restarted = gateway.Restart();
        Assert.Equal("session payload", restarted.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("test").Unprotect(protectedValue));
    }
}
