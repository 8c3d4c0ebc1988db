using Microsoft.Extensions.DependencyInjection;
using WabaGate.Graph.Client;
using WabaGate.Graph.Tests.Infrastructure;

namespace WabaGate.Graph.Tests.Client;

public sealed class ServiceRegistrationTests
{
    [Fact]
    public async Task AddGraphClient_wires_options_and_the_http_client_factory()
    {
        await using var stub = await MetaStub.StartAsync("""{"success":true}""");
        var services = new ServiceCollection();
        services.AddGraphClient(o =>
        {
            o.BaseUrl = stub.BaseUrl;
            o.Version = "v23.0";
        });
        await using var provider = services.BuildServiceProvider();

        var client = provider.GetRequiredService<GraphClient>();
        await client.UnsubscribeAppAsync("waba", "token", TestContext.Current.CancellationToken);

        Assert.Equal("v23.0", client.Options.Version);
        Assert.Equal($"{MetaStub.Prefix}/v23.0/waba/subscribed_apps", stub.OnlyRequest().Path);
    }

    [Fact]
    public void Invalid_options_fail_on_resolution()
    {
        var services = new ServiceCollection();
        services.AddGraphClient(o => o.BaseUrl = "ftp://nope");
        using var provider = services.BuildServiceProvider();

        Assert.ThrowsAny<Exception>(() => provider.GetRequiredService<GraphClient>());
    }
}
