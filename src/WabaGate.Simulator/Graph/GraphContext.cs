using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using WabaGate.Simulator.State;

namespace WabaGate.Simulator.Graph;

/// <summary>Per-request facts the Graph filter established: version, caller and merged parameters.</summary>
internal sealed class GraphContext
{
    public const string VersionKey = "WabaGate.Simulator.GraphVersion";
    private const string Key = "WabaGate.Simulator.GraphContext";

    public required string Version { get; init; }
    public required int VersionNumber { get; init; }
    public SimToken? Token { get; set; }
    public bool IsAppToken { get; set; }
    public JsonObject Params { get; set; } = [];
    public string? RawBody { get; set; }

    public static GraphContext Get(HttpContext http) => (GraphContext)http.Items[Key]!;

    public void Attach(HttpContext http)
    {
        http.Items[Key] = this;
        http.Items[VersionKey] = Version;
    }

    public bool CanAccessWaba(string wabaId) => Token is { } t && t.WabaIds.Contains(wabaId, StringComparer.Ordinal);
}

/// <summary>Names a Graph endpoint for fault injection ("messages", "register", …; "node" = resolved by the id's kind).</summary>
internal sealed record GraphOperation(string Name, bool Anonymous = false, bool KeepBody = false);

/// <summary>Reads Graph parameters, which may come as query string, form fields or JSON body.</summary>
internal static class GraphParams
{
    public static string? Str(this JsonObject p, string key) => p[key] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
        var node => node.ToJsonString(),
    };

    public static async Task<(JsonObject Params, string? Raw, bool Malformed)> ReadAsync(HttpRequest request, bool includeBody = true)
    {
        var result = new JsonObject();
        foreach (var (key, value) in request.Query) result[key] = value.ToString();
        if (!includeBody || request.Method is "GET" or "HEAD") return (result, null, false);
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            foreach (var (key, value) in form) result[key] = ParseLoose(value.ToString());
            return (result, null, false);
        }

        using var reader = new StreamReader(request.Body);
        var raw = await reader.ReadToEndAsync(request.HttpContext.RequestAborted);
        if (string.IsNullOrWhiteSpace(raw)) return (result, raw, false);
        try
        {
            if (JsonNode.Parse(raw) is not JsonObject body) return (result, raw, true);
            foreach (var (key, value) in body) result[key] = value?.DeepClone();
            return (result, raw, false);
        }
        catch (System.Text.Json.JsonException)
        {
            return (result, raw, true);
        }
    }

    // Graph accepts objects and arrays as JSON text inside form fields.
    private static JsonNode? ParseLoose(string value)
    {
        if (value.Length > 1 && (value[0] == '{' || value[0] == '['))
        {
            try
            {
                return JsonNode.Parse(value);
            }
            catch (System.Text.Json.JsonException)
            {
                return value;
            }
        }

        return value;
    }
}
