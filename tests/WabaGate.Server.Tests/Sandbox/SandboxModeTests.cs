using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Graph.Client;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Sandbox;

public sealed class SandboxModeTests
{
    [Fact]
    public async Task Sandbox_serves_the_simulator_and_the_graph_client_reaches_it_over_http()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        var baseAddress = gateway.StartOnLoopback();
        using var http = new HttpClient { BaseAddress = baseAddress };

        using var sdk = await http.GetAsync("/sandbox/meta/sdk.js", ct);
        Assert.Equal(HttpStatusCode.OK, sdk.StatusCode);
        using var session = await http.PostAsJsonAsync("/sandbox/meta/signup-sessions", new { phoneNumbers = 2 }, ct);
        var signup = await session.Content.ReadFromJsonAsync<JsonElement>(ct);

        // The gateway's own Graph client, configured for sandbox mode, exchanges the code with the simulator.
        var (token, numbers) = await gateway.InScopeAsync(async sp =>
        {
            var graph = sp.GetRequiredService<GraphClient>();
            var exchanged = await graph.ExchangeCodeAsync(signup.GetProperty("code").GetString()!, null, ct);
            var page = await graph.GetPhoneNumbersAsync(signup.GetProperty("wabaId").GetString()!, exchanged.AccessToken, ct: ct);
            return (exchanged.AccessToken, page.Data.Select(p => p.Id).ToList());
        });

        Assert.False(string.IsNullOrEmpty(token));
        Assert.Equal(signup.GetProperty("phoneNumberIds").EnumerateArray().Select(e => e.GetString()).Order(), numbers.Order());
    }

    [Fact]
    public async Task Sandbox_app_credentials_are_generated_once_and_configured_values_win()
    {
        await using var first = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        var appId = await AppIdAsync(first);

        await using var again = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["WabaGate:DataDirectory"] = first.DataDirectory });
        var appIdAgain = await AppIdAsync(again);

        await using var configured = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite, new Dictionary<string, string?> { ["Meta:AppId"] = "123456", ["WabaGate:Mode"] = "Sandbox" });
        var configuredId = await AppIdAsync(configured);

        Assert.False(string.IsNullOrEmpty(appId));
        Assert.Equal(appId, appIdAgain);
        Assert.Equal("123456", configuredId);
    }

    [Fact]
    public async Task Production_has_no_sandbox_routes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres, GatewaySettings.Production());
        using var client = gateway.CreateClient();

        foreach (var path in new[] { "/sandbox/meta/sdk.js", "/sandbox/meta/outbox", "/sandbox/meta/graph/v24.0/debug_token" })
        {
            using var response = await client.GetAsync(path, ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }

        using var signup = await client.PostAsJsonAsync("/sandbox/meta/signup-sessions", new { }, ct);
        Assert.Equal(HttpStatusCode.NotFound, signup.StatusCode);
    }

    [Fact]
    public async Task Production_without_the_meta_app_refuses_to_start()
    {
        var settings = GatewaySettings.Production();
        settings.Remove("Meta:ConfigId");
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite, settings);

        var error = Assert.ThrowsAny<Exception>(() => gateway.Services);
        Assert.Contains("Meta:ConfigId", error.ToString(), StringComparison.Ordinal);
    }

    private static Task<string?> AppIdAsync(GatewayFactory gateway)
        => gateway.InScopeAsync(sp => Task.FromResult(sp.GetRequiredService<IOptions<MetaOptions>>().Value.AppId));
}
