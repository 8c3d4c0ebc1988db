using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WabaGate.Simulator;

namespace WabaGate.Browser.Tests.Infrastructure;

/// <summary>
/// A stand-in for the application that embeds the signup: Kestrel on its own loopback port (so its own origin,
/// different from the simulator's) serving <see cref="HostPageHtml"/> at <c>/</c>.
/// </summary>
internal sealed class HostApp : IAsyncDisposable
{
    public const string ConfigId = "812345678901234";

    private readonly WebApplication app;

    private HostApp(WebApplication app, string origin)
    {
        this.app = app;
        Origin = origin;
    }

    /// <summary>E.g. <c>http://127.0.0.1:40123</c>.</summary>
    public string Origin { get; }

    public static async Task<HostApp> StartAsync(SimulatorHost simulator)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var html = HostPageHtml.Render(simulator.BaseUrl + "/sdk.js", simulator.Origin, simulator.Options.AppId, ConfigId);
        app.MapGet("/", () => Results.Content(html, "text/html; charset=utf-8"));
        app.MapGet("/favicon.ico", () => Results.NoContent()); // keeps 404s out of the console log
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new HostApp(app, address.TrimEnd('/'));
    }

    /// <summary>The host page's URL; <paramref name="featureType"/> goes into <c>extras</c>.</summary>
    public string PageUrl(string? featureType = null, bool autostart = false)
    {
        var query = new List<string>();
        if (featureType is not null) query.Add("featureType=" + Uri.EscapeDataString(featureType));
        if (autostart) query.Add("autostart=1");
        return Origin + "/" + (query.Count > 0 ? "?" + string.Join('&', query) : "");
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
