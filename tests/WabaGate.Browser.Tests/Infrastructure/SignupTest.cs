using System.Net;
using System.Text.Json.Nodes;
using WabaGate.Simulator;

namespace WabaGate.Browser.Tests.Infrastructure;

/// <summary>A browser test with its own simulator and host application (each on its own loopback port).</summary>
public abstract class SignupTest(BrowserFixture browser) : BrowserTest(browser)
{
    private static readonly HttpClient Http = new();
    private SimulatorHost? simulator;
    private HostApp? host;

    internal SimulatorHost Simulator => simulator ?? throw new InvalidOperationException("Not initialized.");

    internal HostApp Host => host ?? throw new InvalidOperationException("Not initialized.");

    internal HostPage HostPage => new(Page);

    public override async ValueTask InitializeAsync()
    {
        simulator = await SimulatorHost.StartAsync();
        host = await HostApp.StartAsync(simulator);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await base.DisposeAsync();
        if (host is not null) await host.DisposeAsync();
        if (simulator is not null) await simulator.DisposeAsync();
    }

    /// <summary>What the host application's server does with the code: <c>GET /oauth/access_token</c> on the simulated Graph.</summary>
    internal async Task<(HttpStatusCode Status, JsonObject Body)> ExchangeCodeAsync(string code)
    {
        var o = Simulator.Options;
        return await GraphGetAsync($"oauth/access_token?client_id={o.AppId}&client_secret={Uri.EscapeDataString(o.AppSecret)}&code={Uri.EscapeDataString(code)}", null);
    }

    /// <summary><c>GET {graph}/v24.0/{path}</c>, with a bearer token when given.</summary>
    internal async Task<(HttpStatusCode Status, JsonObject Body)> GraphGetAsync(string path, string? token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Simulator.GraphBaseUrl}/v24.0/{path}");
        if (token is not null) request.Headers.Authorization = new("Bearer", token);
        using var response = await Http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return (response.StatusCode, JsonNode.Parse(text)!.AsObject());
    }
}
