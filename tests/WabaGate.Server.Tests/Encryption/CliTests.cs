using Microsoft.Extensions.DependencyInjection;
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

        Assert.Null(await gateway.Services.GetRequiredService<CliDispatcher>().DispatchAsync(gateway.Services, [], TestContext.Current.CancellationToken));
        Assert.Null(await gateway.Services.GetRequiredService<CliDispatcher>().DispatchAsync(gateway.Services, ["--urls", "http://localhost:5000"], TestContext.Current.CancellationToken));
        Assert.Equal(2, await gateway.Services.GetRequiredService<CliDispatcher>().DispatchAsync(gateway.Services, ["keys", "explode"], TestContext.Current.CancellationToken));
        Assert.Equal(2, await gateway.Services.GetRequiredService<CliDispatcher>().DispatchAsync(gateway.Services, ["KEYS", "rotate-org", "--org", "not-a-guid"], TestContext.Current.CancellationToken));
        Assert.Equal(0, await gateway.Services.GetRequiredService<CliDispatcher>().DispatchAsync(gateway.Services, ["keys", "rotate-master"], TestContext.Current.CancellationToken));
    }
}
