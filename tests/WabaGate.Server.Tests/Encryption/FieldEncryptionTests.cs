using System.Buffers.Binary;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.TestKit;
using static WabaGate.Server.Tests.Encryption.EncryptionFixture;

namespace WabaGate.Server.Tests.Encryption;

public sealed class FieldEncryptionTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Values_round_trip_including_empty_large_and_non_ascii(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var orgId = await gateway.CreateOrgAsync();
        var large = RandomNumberGenerator.GetBytes(2 * 1024 * 1024);

        await gateway.WithEncryptorAsync(orgId, async encryptor =>
        {
            foreach (var bytes in new[] { [], "x"u8.ToArray(), large })
            {
                var context = Field(orgId, Guid.NewGuid(), "media");
                var ciphertext = await encryptor.EncryptAsync(bytes, context, Ct);
                Assert.Equal(bytes.Length + FieldCipher.Overhead, ciphertext.Length);
                Assert.Equal(bytes, await encryptor.DecryptAsync(ciphertext, context, Ct));
            }

            foreach (var text in new[] { string.Empty, "hello", "Olá, São Paulo — 日本語 🎉 \u0000 end", new string('é', 100_000) })
            {
                var context = Field(orgId, Guid.NewGuid());
                var ciphertext = await encryptor.EncryptStringAsync(text, context, Ct);
                Assert.Equal(text, await encryptor.DecryptStringAsync(ciphertext, context, Ct));
            }

            // A long context (associated data beyond the stack buffer) round-trips too.
            var wide = new EncryptionContext(orgId, new string('t', 400), "row-" + new string('9', 300), "column ✓");
            Assert.Equal("wide", await encryptor.DecryptStringAsync(await encryptor.EncryptStringAsync("wide", wide, Ct), wide, Ct));
            return 0;
        });
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Ciphertexts_are_randomized_and_name_their_format_and_key_version(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var orgId = await gateway.CreateOrgAsync();
        var context = Field(orgId, Guid.NewGuid());

        var first = await gateway.EncryptAsync(context, "same text");
        var second = await gateway.EncryptAsync(context, "same text");

        Assert.NotEqual(first, second);
        Assert.Equal(FieldCipher.Format, first[0]);
        Assert.Equal(1, BinaryPrimitives.ReadInt32BigEndian(first.AsSpan(1)));
        Assert.DoesNotContain("same text"u8.ToArray(), first.AsSpan(FieldCipher.Overhead).ToArray());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Tampering_with_any_byte_is_detected(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var orgId = await gateway.CreateOrgAsync();
        var context = Field(orgId, Guid.NewGuid());
        var ciphertext = await gateway.EncryptAsync(context, "a secret access token");

        await gateway.WithEncryptorAsync(orgId, async encryptor =>
        {
            for (var i = 0; i < ciphertext.Length; i++)
            {
                var tampered = (byte[])ciphertext.Clone();
                tampered[i] ^= 0x01;
                await Assert.ThrowsAnyAsync<CryptographicException>(() => encryptor.DecryptAsync(tampered, context, Ct).AsTask());
            }

            await Assert.ThrowsAnyAsync<CryptographicException>(() => encryptor.DecryptAsync(ciphertext.AsMemory(..^1), context, Ct).AsTask());
            await Assert.ThrowsAnyAsync<CryptographicException>(() => encryptor.DecryptAsync(ciphertext.AsMemory(..10), context, Ct).AsTask());
            Assert.Equal("a secret access token", await encryptor.DecryptStringAsync(ciphertext, context, Ct));
            return 0;
        });
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_ciphertext_moved_to_another_row_column_or_table_does_not_decrypt(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var orgId = await gateway.CreateOrgAsync();
        var rowId = Guid.NewGuid();
        var context = Field(orgId, rowId);
        var ciphertext = await gateway.EncryptAsync(context, "hi there");

        foreach (var elsewhere in new[]
        {
            Field(orgId, Guid.NewGuid()),
            Field(orgId, rowId, "caption"),
            EncryptionContext.For(orgId, "contacts", rowId, "body"),
        })
        {
            await Assert.ThrowsAnyAsync<CryptographicException>(() => gateway.DecryptAsync(elsewhere, ciphertext));
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_ciphertext_moved_to_another_organization_does_not_decrypt(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var orgA = await gateway.CreateOrgAsync();
        var orgB = await gateway.CreateOrgAsync();
        var rowId = Guid.NewGuid();
        var ciphertext = await gateway.EncryptAsync(Field(orgA, rowId), "org A only");
        await gateway.EncryptAsync(Field(orgB, Guid.NewGuid()), "B has a key too");

        // Same row identity, organization B's context and key: fails.
        await Assert.ThrowsAnyAsync<CryptographicException>(() => gateway.DecryptAsync(Field(orgB, rowId), ciphertext));

        // A unit of work acting for B may not use A's context at all.
        await Assert.ThrowsAsync<InvalidOperationException>(() => gateway.InOrgAsync(orgB,
            sp => sp.GetRequiredService<IFieldEncryptor>().DecryptStringAsync(ciphertext, Field(orgA, rowId), Ct).AsTask()));
        Assert.Equal("org A only", await gateway.DecryptAsync(Field(orgA, rowId), ciphertext));

        // Key rows are tenant data: on PostgreSQL row-level security hides A's keys from B even without the EF filter.
        var visibleToB = await gateway.InOrgAsync(orgB, sp => sp.GetRequiredService<AppDbContext>().Set<OrgDataKey>().IgnoreQueryFilters().ToListAsync(Ct));
        Assert.Contains(visibleToB, k => k.OrgId == orgB);
        if (provider == DatabaseProvider.Postgres)
        {
            Assert.All(visibleToB, k => Assert.Equal(orgB, k.OrgId));
        }
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task The_first_data_key_is_created_once_even_under_concurrency(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var orgId = await gateway.CreateOrgAsync();

        var writes = await Task.WhenAll(Enumerable.Range(0, 16).Select(async i =>
        {
            var context = Field(orgId, Guid.NewGuid());
            return (context, Text: $"value {i}", Cipher: await gateway.EncryptAsync(context, $"value {i}"));
        }));

        var rows = await gateway.KeyRowsAsync(orgId);
        var row = Assert.Single(rows);
        Assert.Equal(1, row.Version);
        Assert.Equal(gateway.Services.GetRequiredService<MasterKeyRing>().Current.Id, row.MasterKeyId);
        foreach (var (context, text, cipher) in writes)
        {
            Assert.Equal(text, await gateway.DecryptAsync(context, cipher));
        }
    }
}
