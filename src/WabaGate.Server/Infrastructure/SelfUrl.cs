using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace WabaGate.Server.Infrastructure;

/// <summary>
/// The absolute base URL the gateway is reachable at: <c>WabaGate:PublicBaseUrl</c> when set, otherwise the
/// first address the server listens on (wildcard hosts become <c>localhost</c>). Read it after start.
/// </summary>
internal sealed class SelfUrl(IConfiguration configuration, IServer server)
{
    public const string DefaultUrl = "http://localhost:5080";

    public string Value
    {
        get
        {
            if (configuration["WabaGate:PublicBaseUrl"] is { Length: > 0 } configured)
            {
                return configured.TrimEnd('/');
            }

            var address = server.Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
                ?? configuration[WebHostDefaults.ServerUrlsKey]?.Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault()
                ?? DefaultUrl;
            return address.Replace("://+", "://localhost", StringComparison.Ordinal)
                .Replace("://*", "://localhost", StringComparison.Ordinal)
                .Replace("://0.0.0.0", "://localhost", StringComparison.Ordinal)
                .Replace("://[::]", "://localhost", StringComparison.Ordinal)
                .TrimEnd('/');
        }
    }
}
