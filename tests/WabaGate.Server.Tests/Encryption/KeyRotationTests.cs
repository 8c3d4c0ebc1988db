using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Cli;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.TestKit;
using static WabaGate.Server.Tests.Encryption.EncryptionFixture;

namespace WabaGate.Server.Tests.Encryption;

public sealed class KeyRotationTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Data_key_rotation_encrypts_new_data_with_the_new_version_and_keeps_old_data_readable(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var orgId = await gateway.CreateOrgAsync();
        var other = await gateway.CreateOrgAsync();
        var oldContext = Field(orgId, Guid.NewGuid());
        var old = await gateway.EncryptAsync(oldContext, "written under v1");
        var otherCipher = await gateway.EncryptAsync(Field(other, Guid.NewGuid()), "other org");

        var version = await gateway.Services.GetRequiredService<IDataKeyManager>().RotateOrganizationKeyAsync(orgId, Ct);
        var newContext = Field(orgId, Guid.NewGuid());
        var fresh = await gateway.EncryptAsync(newContext, "written under v2");

        Assert.Equal(2, version);
        Assert.Equal(1, KeyVersion(old));
        Assert.Equal(2, KeyVersion(fresh));
        Assert.Equal("written under v1", await gateway.DecryptAsync(oldContext, old));
        Assert.Equal("written under v2", await gateway.DecryptAsync(newContext, fresh));
        Assert.Equal(1, KeyVersion(otherCipher));
        Assert.Equal(1, KeyVersion(await gateway.EncryptAsync(Field(other, Guid.NewGuid()), "still v1")));

        // The same through the command line: keys rotate-org --org <id>.
        Assert.Equal(0, await gateway.Services.GetRequiredService<CliDispatcher>().DispatchAsync(gateway.Services, ["keys", "rotate-org", "--org", orgId.ToString()], TestContext.Current.CancellationToken));
        Assert.Equal(3, KeyVersion(await gateway.EncryptAsync(Field(orgId, Guid.NewGuid()), "v3")));
        Assert.Equal("written under v1", await gateway.DecryptAsync(oldContext, old));
        Assert.Equal([1, 2, 3], (await gateway.KeyRowsAsync(orgId)).Select(k => k.Version));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Master_key_rotation_rewraps_every_organization_and_data_stays_readable(DatabaseProvider provider)
    {
        var directory = TempDirectory();
        try
        {
            var store = await DurableStoreAsync(provider, directory);
            var (oldKey, newKey) = (NewMasterKey(), NewMasterKey());
            var writes = new List<(EncryptionContext Context, string Text, byte[] Cipher)>();

            await using (var before = await GatewayFactory.CreateAsync(provider, store.With(("WabaGate:MasterKey", oldKey))))
            {
                foreach (var i in Enumerable.Range(0, 3))
                {
                    var orgId = await before.CreateOrgAsync();
                    var context = Field(orgId, Guid.NewGuid());
                    writes.Add((context, $"org {i}", await before.EncryptAsync(context, $"org {i}")));
                }

                await before.Services.GetRequiredService<IDataKeyManager>().RotateOrganizationKeyAsync(writes[0].Context.OrgId, Ct);
            }

            await using (var rotating = await GatewayFactory.CreateAsync(provider, store.With(("WabaGate:MasterKey", newKey), ("WabaGate:PreviousMasterKeys", oldKey))))
            {
                // Readable before the re-wrap, through the previous key.
                Assert.Equal("org 1", await rotating.DecryptAsync(writes[1].Context, writes[1].Cipher));
                Assert.Equal(0, await rotating.Services.GetRequiredService<CliDispatcher>().DispatchAsync(rotating.Services, ["keys", "rotate-master"], TestContext.Current.CancellationToken));

                var result = await rotating.Services.GetRequiredService<IDataKeyManager>().RewrapAllAsync(Ct);
                Assert.Equal(3, result.Organizations);
                Assert.Equal(0, result.RewrappedKeys);
                var newId = rotating.Services.GetRequiredService<MasterKeyRing>().Current.Id;
                foreach (var (context, _, _) in writes)
                {
                    Assert.All(await rotating.KeyRowsAsync(context.OrgId), k => Assert.Equal(newId, k.MasterKeyId));
                }
            }

            await using var after = await GatewayFactory.CreateAsync(provider, store.With(("WabaGate:MasterKey", newKey)));
            foreach (var (context, text, cipher) in writes)
            {
                Assert.Equal(text, await after.DecryptAsync(context, cipher));
            }

            await using var wrongKey = await GatewayFactory.CreateAsync(provider, store.With(("WabaGate:MasterKey", oldKey)));
            var error = await Assert.ThrowsAnyAsync<CryptographicException>(() => wrongKey.DecryptAsync(writes[2].Context, writes[2].Cipher));
            Assert.Contains("PreviousMasterKeys", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            DeleteDirectory(directory);
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Destroyed_keys_make_an_organizations_data_unreadable(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var doomed = await gateway.CreateOrgAsync();
        var survivor = await gateway.CreateOrgAsync();
        var context = Field(doomed, Guid.NewGuid());
        var cipher = await gateway.EncryptAsync(context, "to be shredded");
        var manager = gateway.Services.GetRequiredService<IDataKeyManager>();
        await manager.RotateOrganizationKeyAsync(doomed, Ct);
        var survivorContext = Field(survivor, Guid.NewGuid());
        var survivorCipher = await gateway.EncryptAsync(survivorContext, "kept");

        await manager.DestroyOrganizationKeysAsync(doomed, Ct);

        var error = await Assert.ThrowsAsync<DataKeyDestroyedException>(() => gateway.DecryptAsync(context, cipher));
        Assert.Equal(doomed, error.OrgId);
        await Assert.ThrowsAsync<DataKeyDestroyedException>(() => gateway.EncryptAsync(Field(doomed, Guid.NewGuid()), "new"));
        await Assert.ThrowsAsync<DataKeyDestroyedException>(() => manager.RotateOrganizationKeyAsync(doomed, Ct));
        Assert.All(await gateway.KeyRowsAsync(doomed), k =>
        {
            Assert.Empty(k.WrappedKey);
            Assert.NotNull(k.DestroyedAt);
        });
        Assert.Equal("kept", await gateway.DecryptAsync(survivorContext, survivorCipher));

        // An organization destroyed before it ever encrypted gets a tombstone, not a fresh key later.
        var never = await gateway.CreateOrgAsync();
        await manager.DestroyOrganizationKeysAsync(never, Ct);
        await Assert.ThrowsAsync<DataKeyDestroyedException>(() => gateway.EncryptAsync(Field(never, Guid.NewGuid()), "x"));
    }

    private static int KeyVersion(byte[] ciphertext) => BinaryPrimitives.ReadInt32BigEndian(ciphertext.AsSpan(1));
}
