using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WabaGate.Simulator.Control;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Graph;

/// <summary>
/// Runs before every simulated Graph endpoint: checks the version, applies injected faults, reads the
/// parameters and authenticates the bearer token (or <c>access_token</c> parameter).
/// </summary>
internal sealed partial class GraphFilter(SimulatorState state, FaultInjector faults) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var version = http.GetRouteValue("version") as string ?? "";
        var match = VersionPattern().Match(version);
        var number = match.Success ? int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
        if (number < state.Options.MinGraphVersion || number > state.Options.MaxGraphVersion)
        {
            return GraphResult.Error(GraphErrors.UnknownVersion(version));
        }

        var graph = new GraphContext { Version = version, VersionNumber = number };
        graph.Attach(http);
        var operation = http.GetEndpoint()?.Metadata.GetMetadata<GraphOperation>() ?? new GraphOperation("unknown");
        var path = RelativePath(http, version);
        if (faults.Take(ResolveOperation(operation.Name, http), path) is { } fault) return GraphResult.Error(fault);

        var (parameters, raw, malformed) = await GraphParams.ReadAsync(http.Request, includeBody: !operation.KeepBody);
        if (malformed) return GraphResult.Error(new GraphError(100, "(#100) The request body is not valid JSON."));
        graph.Params = parameters;
        graph.RawBody = raw;

        if (operation.Anonymous) return await next(context);
        var token = BearerToken(http.Request) ?? graph.Params.Str("access_token");
        if (string.IsNullOrEmpty(token)) return GraphResult.Error(GraphErrors.NoToken());
        var options = state.Options;
        if (token == options.AppId + "|" + options.AppSecret)
        {
            graph.IsAppToken = true;
            return await next(context);
        }

        var known = state.FindToken(token);
        if (known is null) return GraphResult.Error(GraphErrors.InvalidToken(options.InvalidTokenHttpStatus));
        if (known.Revoked) return GraphResult.Error(GraphErrors.RevokedToken(options.InvalidTokenHttpStatus));
        if (known.ExpiresAt is { } expires && expires <= state.Now) return GraphResult.Error(GraphErrors.ExpiredToken(options.InvalidTokenHttpStatus, expires));
        graph.Token = known;
        return await next(context);
    }

    public static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        foreach (var scheme in (string[])["Bearer ", "OAuth "])
        {
            if (header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase)) return header[scheme.Length..].Trim();
        }

        return null;
    }

    private static string RelativePath(HttpContext http, string version)
    {
        var full = http.Request.Path.Value ?? "";
        var marker = "/graph/" + version;
        var at = full.IndexOf(marker, StringComparison.Ordinal);
        return at < 0 ? full : full[(at + marker.Length)..];
    }

    private string ResolveOperation(string name, HttpContext http)
    {
        if (name != "node") return name;
        var id = http.GetRouteValue("id") as string ?? "";
        if (state.FindPhone(id) is not null) return "phone_number";
        if (state.FindMedia(id) is not null) return "media";
        if (state.FindTemplate(id) is not null) return "message_templates";
        if (state.FindWaba(id) is not null) return "waba";
        return "node";
    }

    [GeneratedRegex(@"^v(\d{1,3})\.0$")]
    private static partial Regex VersionPattern();
}
