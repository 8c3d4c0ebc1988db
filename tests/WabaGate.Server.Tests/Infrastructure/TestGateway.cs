using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Infrastructure;

/// <summary>
/// The real gateway plus test-only endpoints, mapped through an <see cref="IStartupFilter"/> onto the
/// application's own route table (so they pass through the real pipeline: telemetry, problems, body limits).
/// </summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private TestGateway(GatewayFactory root, WebApplicationFactory<Program> host)
    {
        Root = root;
        Host = host;
    }

    public GatewayFactory Root { get; }

    public WebApplicationFactory<Program> Host { get; }

    public IServiceProvider Services => Host.Services;

    public static async Task<TestGateway> CreateAsync(
        Action<IEndpointRouteBuilder>? endpoints = null,
        DatabaseProvider provider = DatabaseProvider.Sqlite,
        IDictionary<string, string?>? settings = null,
        Action<IWebHostBuilder>? configure = null)
    {
        var root = await GatewayFactory.CreateAsync(provider, settings);
        var host = root.WithWebHostBuilder(builder =>
        {
            if (endpoints is not null)
            {
                builder.ConfigureServices(services => services.AddSingleton<IStartupFilter>(new EndpointsFilter(endpoints)));
            }

            configure?.Invoke(builder);
        });
        return new TestGateway(root, host);
    }

    /// <summary>Runs <paramref name="work"/> in a fresh DI scope of this host.</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Host.Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    public HttpClient CreateClient() => Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async ValueTask DisposeAsync() => await Root.DisposeAsync();

    private sealed class EndpointsFilter(Action<IEndpointRouteBuilder> map) : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            next(app);

            // Requests the application's routing did not match fall through to these endpoints, still inside the
            // application's middleware (telemetry, exception handler, status-code pages, body limit).
            app.UseRouting();
            app.UseEndpoints(map);
        };
    }
}
