using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.TestKit;
using static WabaGate.Server.Tests.Encryption.EncryptionFixture;

namespace WabaGate.Server.Tests.Encryption;

public sealed class MasterKeyStartupTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Sandbox_generates_the_master_key_file_once_and_reuses_it_across_restarts(DatabaseProvider provider)
    {
        var directory = TempDirectory();
        try
        {
            var store = await DurableStoreAsync(provider, directory);
            var file = Path.Combine(directory, MasterKeyFile.FileName);
            EncryptionContext context;
            byte[] cipher;
            string firstKey;

            await using (var first = await GatewayFactory.CreateAsync(provider, store))
            {
                _ = first.Services;
                Assert.True(File.Exists(file));
                firstKey = await File.ReadAllTextAsync(file, Ct);
                Assert.Equal(firstKey, first.Options().MasterKey);
                Assert.Equal(32, Convert.FromBase64String(firstKey).Length);
                if (!OperatingSystem.IsWindows())
                {
                    Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
                }

                var orgId = await first.CreateOrgAsync();
                context = Field(orgId, Guid.NewGuid());
                cipher = await first.EncryptAsync(context, "survives restarts");
            }

            await using var second = await GatewayFactory.CreateAsync(provider, store);
            Assert.Equal("survives restarts", await second.DecryptAsync(context, cipher));
            Assert.Equal(firstKey, await File.ReadAllTextAsync(file, Ct));
            Assert.Single(Directory.GetFiles(directory, "master.key*"));
        }
        finally
        {
            DeleteDirectory(directory);
        }
    }

    [Fact]
    public async Task Production_without_a_master_key_refuses_to_start_with_a_clear_error()
    {
        var settings = GatewaySettings.Production();
        settings.Remove("WabaGate:MasterKey");
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite, settings);

        var error = Assert.ThrowsAny<Exception>(() => gateway.Services);

        Assert.Contains("WabaGate:MasterKey is not set", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(gateway.DataDirectory, MasterKeyFile.FileName)));
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AAAA")]
    public async Task A_malformed_master_key_refuses_to_start_without_echoing_it(string key)
    {
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["WabaGate:MasterKey"] = key });

        var error = Assert.ThrowsAny<Exception>(() => gateway.Services);

        Assert.Contains("not base64 of exactly 32 bytes", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Production_with_a_configured_master_key_starts_and_writes_no_key_file()
    {
        var key = NewMasterKey();
        var settings = GatewaySettings.Production();
        settings["WabaGate:MasterKey"] = key;
        settings["WabaGate:PreviousMasterKeys"] = $"{NewMasterKey()}, {NewMasterKey()}";
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite, settings);

        var orgId = await gateway.CreateOrgAsync();
        var context = Field(orgId, Guid.NewGuid());
        Assert.Equal("prod", await gateway.DecryptAsync(context, await gateway.EncryptAsync(context, "prod")));
        Assert.Equal(2, gateway.Options().PreviousMasterKeys.Count);
        Assert.False(File.Exists(Path.Combine(gateway.DataDirectory, MasterKeyFile.FileName)));
    }
}
