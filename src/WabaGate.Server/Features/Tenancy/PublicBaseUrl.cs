namespace WabaGate.Server.Features.Tenancy;

/// <summary>
/// The address people reach this gateway at, for links printed to the console: <c>WabaGate:PublicBaseUrl</c>,
/// else the first listen address (<c>ASPNETCORE_URLS</c> / <c>urls</c>, wildcards read as localhost), else
/// <c>http://localhost:5080</c>.
/// </summary>
internal static class PublicBaseUrl
{
    public const string Default = "http://localhost:5080";

    public static string Resolve(IConfiguration configuration)
    {
        if (configuration["WabaGate:PublicBaseUrl"] is { Length: > 0 } configured)
        {
            return configured.TrimEnd('/');
        }

        var first = (configuration["urls"] ?? configuration["ASPNETCORE_URLS"])?
            .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault();
        if (first is null)
        {
            return Default;
        }

        foreach (var wildcard in new[] { "://+", "://*", "://0.0.0.0", "://[::]" })
        {
            first = first.Replace(wildcard, "://localhost", StringComparison.Ordinal);
        }

        return first.TrimEnd('/');
    }
}
