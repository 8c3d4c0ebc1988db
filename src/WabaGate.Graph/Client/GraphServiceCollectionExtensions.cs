using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace WabaGate.Graph.Client;

/// <summary>Registers <see cref="GraphClient"/> with <see cref="IHttpClientFactory"/>.</summary>
public static class GraphServiceCollectionExtensions
{
    /// <summary>The name of the <see cref="HttpClient"/> the client uses.</summary>
    public const string HttpClientName = "WabaGate.Graph";

    /// <summary>
    /// Adds a transient <see cref="GraphClient"/> configured by <paramref name="configure"/>. The factory's request
    /// logging is removed because two Meta calls carry secrets in the query string.
    /// </summary>
    public static IHttpClientBuilder AddGraphClient(this IServiceCollection services, Action<GraphClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        services.AddOptions<GraphClientOptions>()
            .Configure(configure)
            .Validate(o =>
            {
                o.Validate();
                return true;
            });
        services.AddTransient(sp => new GraphClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(HttpClientName),
            sp.GetRequiredService<IOptions<GraphClientOptions>>().Value));
        return services.AddHttpClient(HttpClientName).RemoveAllLoggers();
    }
}
