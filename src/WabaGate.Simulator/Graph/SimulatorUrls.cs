using Microsoft.AspNetCore.Http;

namespace WabaGate.Simulator.Graph;

/// <summary>Absolute URLs of the simulator: configured public base, or the incoming request's origin.</summary>
internal static class SimulatorUrls
{
    public static string Root(HttpContext? http, SimulatorOptions options)
    {
        var origin = options.PublicBaseUrl?.TrimEnd('/')
            ?? (http is null ? "http://localhost" : $"{http.Request.Scheme}://{http.Request.Host}{http.Request.PathBase}");
        return origin + "/" + options.Prefix.Trim('/');
    }

    public static string Graph(HttpContext? http, SimulatorOptions options, string version) => Root(http, options) + "/graph/" + version;
}
