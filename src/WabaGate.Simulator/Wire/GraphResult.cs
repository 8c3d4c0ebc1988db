using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using WabaGate.Simulator.Graph;

namespace WabaGate.Simulator.Wire;

/// <summary>A Graph API response body written in Meta's wire form.</summary>
internal sealed class GraphResult(JsonNode body, int statusCode = 200) : IResult
{
    public static GraphResult Ok(JsonNode body) => new(body);

    public static GraphResult Success() => new(new JsonObject { ["success"] = true });

    public static GraphResult Error(GraphError error) => new(error.ToJson(), error.HttpStatus);

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var bytes = MetaJson.SerializeToBytes(body);
        var response = httpContext.Response;
        response.StatusCode = statusCode;
        response.ContentType = "application/json; charset=UTF-8";
        response.Headers["x-fb-trace-id"] = GraphError.NewTraceId();
        if (httpContext.Items.TryGetValue(GraphContext.VersionKey, out var version) && version is string v)
        {
            response.Headers["facebook-api-version"] = v;
        }

        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, httpContext.RequestAborted);
    }
}
