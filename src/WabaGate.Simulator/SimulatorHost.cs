using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WabaGate.Simulator.State;

namespace WabaGate.Simulator;

/// <summary>
/// Runs the simulator standalone on Kestrel (real HTTP, <c>http://127.0.0.1:0</c> by default) — for tests of
/// every project and for tools. Dispose to stop it.
/// </summary>
public sealed class SimulatorHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private SimulatorHost(WebApplication app, string origin)
    {
        _app = app;
        Origin = origin;
        Options = app.Services.GetRequiredService<SimulatorOptions>();
        State = app.Services.GetRequiredService<SimulatorState>();
    }

    /// <summary>The listening origin, e.g. <c>http://127.0.0.1:54321</c>.</summary>
    public string Origin { get; }

    /// <summary>The simulator's root including the prefix, e.g. <c>http://127.0.0.1:54321/sandbox/meta</c>.</summary>
    public string BaseUrl => Origin + "/" + Options.Prefix.Trim('/');

    /// <summary>The simulated Graph API root without version, e.g. <c>…/sandbox/meta/graph</c>.</summary>
    public string GraphBaseUrl => BaseUrl + "/graph";

    /// <summary>The options in effect (mutable: e.g. set <see cref="SimulatorOptions.WebhookCallbackUrl"/> after start).</summary>
    public SimulatorOptions Options { get; }

    /// <summary>The simulator's state.</summary>
    public SimulatorState State { get; }

    /// <summary>The host's services.</summary>
    public IServiceProvider Services => _app.Services;

    /// <summary>Starts a simulator on <paramref name="url"/> (default <c>http://127.0.0.1:0</c>, a free port).</summary>
    public static async Task<SimulatorHost> StartAsync(Action<SimulatorOptions>? configure = null, string url = "http://127.0.0.1:0", CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls(url);
        builder.Services.AddMetaSimulator(configure);
        var app = builder.Build();
        app.MapMetaSimulator();
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var origin = address.TrimEnd('/');
        var options = app.Services.GetRequiredService<SimulatorOptions>();
        options.PublicBaseUrl ??= origin;
        return new SimulatorHost(app, origin);
    }

    /// <summary>Stops the server and the webhook sender.</summary>
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
