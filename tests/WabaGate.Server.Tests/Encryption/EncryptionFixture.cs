using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Encryption;

/// <summary>Helpers shared by the encryption tests: organizations, units of work, and databases that survive a restart.</summary>
internal static class EncryptionFixture
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static string NewMasterKey() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public static async Task<Guid> CreateOrgAsync(this GatewayFactory gateway)
    {
        var orgId = Guid.CreateVersion7();
        await gateway.InOrgAsync(orgId, async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            db.Organizations.Add(new Organization { Id = orgId, Name = "Org " + orgId.ToString("N")[..6], CreatedAt = DateTimeOffset.UtcNow });
            await db.SaveChangesAsync(Ct);
            return 0;
        });
        return orgId;
    }

    /// <summary>Runs <paramref name="work"/> in a unit of work acting for <paramref name="orgId"/>.</summary>
    public static Task<T> InOrgAsync<T>(this GatewayFactory gateway, Guid orgId, Func<IServiceProvider, Task<T>> work)
        => gateway.InScopeAsync(sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(orgId);
            return work(sp);
        });

    public static Task<T> WithEncryptorAsync<T>(this GatewayFactory gateway, Guid orgId, Func<IFieldEncryptor, Task<T>> work)
        => gateway.InOrgAsync(orgId, sp => work(sp.GetRequiredService<IFieldEncryptor>()));

    public static Task<byte[]> EncryptAsync(this GatewayFactory gateway, EncryptionContext context, string plaintext)
        => gateway.WithEncryptorAsync(context.OrgId, e => e.EncryptStringAsync(plaintext, context, Ct).AsTask());

    public static Task<string> DecryptAsync(this GatewayFactory gateway, EncryptionContext context, byte[] ciphertext)
        => gateway.WithEncryptorAsync(context.OrgId, e => e.DecryptStringAsync(ciphertext, context, Ct).AsTask());

    public static EncryptionContext Field(Guid orgId, Guid rowId, string column = "body") => EncryptionContext.For(orgId, "messages", rowId, column);

    public static async Task<List<OrgDataKey>> KeyRowsAsync(this GatewayFactory gateway, Guid orgId)
        => await gateway.InOrgAsync(orgId, sp => sp.GetRequiredService<AppDbContext>().Set<OrgDataKey>().OrderBy(k => k.Version).ToListAsync(Ct));

    /// <summary>
    /// Settings for a gateway whose data outlives it: a data directory the test owns (SQLite file, master.key)
    /// and, on PostgreSQL, a database of the shared cluster. Pass the same settings to each restart.
    /// </summary>
    public static async Task<Dictionary<string, string?>> DurableStoreAsync(DatabaseProvider provider, string dataDirectory)
    {
        var settings = new Dictionary<string, string?> { ["WabaGate:DataDirectory"] = dataDirectory };
        if (provider == DatabaseProvider.Postgres)
        {
            var (app, owner) = await (await PostgresCluster.SharedAsync()).CreateDatabaseAsync("enc");
            settings["ConnectionStrings:Postgres"] = app;
            settings["ConnectionStrings:PostgresMigrations"] = owner;
        }

        return settings;
    }

    public static Dictionary<string, string?> With(this Dictionary<string, string?> settings, params (string Key, string? Value)[] more)
    {
        var copy = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in more)
        {
            copy[key] = value;
        }

        return copy;
    }

    public static string TempDirectory() => Path.Combine(Path.GetTempPath(), "wabagate-enc-" + Guid.NewGuid().ToString("N")[..12]);

    public static void DeleteDirectory(string path)
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (Directory.Exists(path))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    public static EncryptionOptions Options(this GatewayFactory gateway) => gateway.Services.GetRequiredService<IOptions<EncryptionOptions>>().Value;
}
