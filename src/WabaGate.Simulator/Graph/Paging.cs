using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace WabaGate.Simulator.Graph;

/// <summary>Graph cursor paging: <c>limit</c>, <c>after</c>/<c>before</c>, <c>paging.cursors</c>, <c>next</c>/<c>previous</c>.</summary>
internal static class Paging
{
    public static JsonObject Page<T>(HttpContext http, IReadOnlyList<T> items, Func<T, string> id, Func<T, JsonNode> render, int defaultSize)
    {
        var p = GraphContext.Get(http).Params;
        var limit = int.TryParse(p.Str("limit"), NumberStyles.None, CultureInfo.InvariantCulture, out var l) && l > 0 ? Math.Min(l, 1000) : defaultSize;
        int start = 0, end;
        if (Decode(p.Str("after")) is { } after && IndexOf(items, id, after) is var ai and >= 0)
        {
            start = ai + 1;
            end = Math.Min(items.Count, start + limit);
        }
        else if (Decode(p.Str("before")) is { } before && IndexOf(items, id, before) is var bi and >= 0)
        {
            end = bi;
            start = Math.Max(0, end - limit);
        }
        else
        {
            end = Math.Min(items.Count, limit);
        }

        var data = new JsonArray();
        for (var i = start; i < end; i++) data.Add(render(items[i]));
        var result = new JsonObject { ["data"] = data };
        if (end <= start) return result;
        var before0 = Encode(id(items[start]));
        var after0 = Encode(id(items[end - 1]));
        var paging = new JsonObject { ["cursors"] = new JsonObject { ["before"] = before0, ["after"] = after0 } };
        if (end < items.Count) paging["next"] = Link(http, limit, "after", after0);
        if (start > 0) paging["previous"] = Link(http, limit, "before", before0);
        result["paging"] = paging;
        return result;
    }

    private static int IndexOf<T>(IReadOnlyList<T> items, Func<T, string> id, string wanted)
    {
        for (var i = 0; i < items.Count; i++)
        {
            if (id(items[i]) == wanted) return i;
        }

        return -1;
    }

    private static string Link(HttpContext http, int limit, string key, string cursor)
    {
        var request = http.Request;
        var options = ((State.SimulatorState)http.RequestServices.GetService(typeof(State.SimulatorState))!).Options;
        var root = SimulatorUrls.Root(http, options);
        var path = request.Path.Value ?? "";
        var at = path.IndexOf("/graph/", StringComparison.Ordinal);
        var query = new StringBuilder("?");
        foreach (var (k, v) in request.Query)
        {
            if (k is "after" or "before" or "limit" or "access_token") continue;
            query.Append(Uri.EscapeDataString(k)).Append('=').Append(Uri.EscapeDataString(v.ToString())).Append('&');
        }

        query.Append("limit=").Append(limit.ToString(CultureInfo.InvariantCulture)).Append('&').Append(key).Append('=').Append(cursor);
        return root + (at < 0 ? path : path[at..]) + query;
    }

    private static string Encode(string id) => Convert.ToBase64String(Encoding.UTF8.GetBytes(id)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string? Decode(string? cursor)
    {
        if (string.IsNullOrEmpty(cursor)) return null;
        var s = cursor.Replace('-', '+').Replace('_', '/');
        s = s.PadRight(s.Length + ((4 - (s.Length % 4)) % 4), '=');
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(s));
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
