using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.TestKit;
using static WabaGate.Server.Tests.Encryption.EncryptionFixture;

namespace WabaGate.Server.Tests.Encryption;

public sealed class LogHygieneTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_key_lifecycle_logs_no_key_and_no_plaintext(DatabaseProvider provider)
    {
        var (masterKey, previous) = (NewMasterKey(), NewMasterKey());
        var logs = new CapturingLoggerProvider();
        await using var factory = await GatewayFactory.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["WabaGate:MasterKey"] = masterKey,
            ["WabaGate:PreviousMasterKeys"] = previous,
            ["Logging:LogLevel:Default"] = "Trace",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Trace",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Trace",
            ["Logging:LogLevel:WabaGate.Requests"] = "Trace",
        });
        await using var gateway = factory.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILoggerProvider>(logs)));

        var orgId = Guid.CreateVersion7();
        var manager = gateway.Services.GetRequiredService<IDataKeyManager>();
        await using (var scope = gateway.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(orgId);
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.Organizations.Add(new() { Id = orgId, Name = "logs", CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
            var context = Field(orgId, Guid.NewGuid());
            var encryptor = scope.ServiceProvider.GetRequiredService<IFieldEncryptor>();
            await encryptor.DecryptStringAsync(await encryptor.EncryptStringAsync("PLAINTEXT-CANARY", context, Ct), context, Ct);
        }

        await manager.RotateOrganizationKeyAsync(orgId, Ct);
        await manager.RewrapAllAsync(Ct);
        await manager.DestroyOrganizationKeysAsync(orgId, Ct);

        var text = string.Join('\n', logs.Entries);
        Assert.Contains("Created data key version 1", text, StringComparison.Ordinal);
        Assert.Contains("Destroyed", text, StringComparison.Ordinal);
        Assert.DoesNotContain(masterKey, text, StringComparison.Ordinal);
        Assert.DoesNotContain(previous, text, StringComparison.Ordinal);
        Assert.DoesNotContain("PLAINTEXT-CANARY", text, StringComparison.Ordinal);
    }
}
