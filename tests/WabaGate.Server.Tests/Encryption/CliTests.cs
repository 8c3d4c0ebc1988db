using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Cli;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Encryption;

public sealed class CliTests
{
    [Fact]
    public async Task Only_words_select_a_command_and_unknown_ones_fail()
    {
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);

        Assert.Null(await CliExtensions.DispatchAsync(gateway.Services, []));
        Assert.Null(await CliExtensions.DispatchAsync(gateway.Services, ["--urls", "http://localhost:5000"]));
        Assert.Equal(2, await CliExtensions.DispatchAsync(gateway.Services, ["keys", "explode"]));
        Assert.Equal(2, await CliExtensions.DispatchAsync(gateway.Services, ["KEYS", "rotate-org", "--org", "not-a-guid"]));
        Assert.Equal(0, await CliExtensions.DispatchAsync(gateway.Services, ["keys", "rotate-master"]));
    }
}
