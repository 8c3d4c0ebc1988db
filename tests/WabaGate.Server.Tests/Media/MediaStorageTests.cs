using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Media;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Tests.Webhooks;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Media;

/// <summary>The default store: the data directory, encrypted per organization and media row.</summary>
public sealed class MediaStorageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Stored_bytes_that_were_tampered_with_or_moved_to_another_row_do_not_decrypt(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var org = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "waba-store-1", ["pn-store-1"]);
        var bytes = MediaFiles.Pdf(10_000);
        var (first, second) = await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(org.OrgId);
            var store = sp.GetRequiredService<MediaStore>();
            var a = await store.AddAsync(org.OrgId, connectionId, MediaOrigin.Upload, "application/pdf", "a.pdf", bytes, Ct);
            var b = await store.AddAsync(org.OrgId, connectionId, MediaOrigin.Inbound, "application/pdf", null, bytes, Ct);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync(Ct);
            return ((a.Id, a.StorageKey!), (b.Id, b.StorageKey!));
        });

        var root = Path.Combine(gateway.DataDirectory, "media");
        var firstPath = Path.Combine(root, first.Item2);
        var secondPath = Path.Combine(root, second.Item2);

        // The second row's ciphertext copied over the first's: bound to its own row id, so it does not decrypt.
        File.Copy(secondPath, firstPath, overwrite: true);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => ReadAsync(gateway, org.OrgId, first.Item1));

        // One flipped bit in the second: authenticated encryption refuses it.
        var cipher = await File.ReadAllBytesAsync(secondPath, Ct);
        cipher[^5] ^= 0x01;
        await File.WriteAllBytesAsync(secondPath, cipher, Ct);
        await Assert.ThrowsAnyAsync<CryptographicException>(() => ReadAsync(gateway, org.OrgId, second.Item1));
    }

    [Theory]
    [InlineData("../outside")]
    [InlineData("a/../../outside")]
    [InlineData("/etc/passwd")]
    [InlineData("a\\b")]
    [InlineData("a/./b")]
    [InlineData("")]
    [InlineData("a b")]
    public async Task Keys_that_could_leave_the_media_directory_are_refused(string key)
    {
        var root = Path.Combine(Path.GetTempPath(), "wabagate-media-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var storage = new FileSystemMediaStorage(Options.Create(new WabaGateOptions { DataDirectory = root }));
            await Assert.ThrowsAsync<ArgumentException>(() => storage.WriteAsync(key, new byte[] { 1, 2, 3 }, Ct));
            await Assert.ThrowsAsync<ArgumentException>(() => storage.ReadAsync(key, Ct));
            await Assert.ThrowsAsync<ArgumentException>(() => storage.DeleteAsync(key, Ct));
            Assert.False(File.Exists(Path.Combine(Path.GetTempPath(), "outside")));
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_file_system_store_writes_reads_overwrites_and_deletes()
    {
        var root = Path.Combine(Path.GetTempPath(), "wabagate-media-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var storage = new FileSystemMediaStorage(Options.Create(new WabaGateOptions { DataDirectory = root }));
            const string key = "0123abcd/2026-11/feedbeef";
            Assert.Null(await storage.ReadAsync(key, Ct));
            await storage.WriteAsync(key, new byte[] { 1, 2, 3 }, Ct);
            Assert.Equal(new byte[] { 1, 2, 3 }, await storage.ReadAsync(key, Ct));
            await storage.WriteAsync(key, new byte[] { 4 }, Ct);
            Assert.Equal(new byte[] { 4 }, await storage.ReadAsync(key, Ct));
            Assert.Single(Directory.GetFiles(Path.Combine(root, "media"), "*", SearchOption.AllDirectories)); // no temporary files left
            await storage.DeleteAsync(key, Ct);
            Assert.Null(await storage.ReadAsync(key, Ct));
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }

    private static Task<(MediaFile Media, byte[] Bytes)?> ReadAsync(GatewayFactory gateway, Guid orgId, Guid id)
        => gateway.InScopeAsync(sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(orgId);
            return sp.GetRequiredService<MediaStore>().ReadAsync(id, Ct);
        });
}
