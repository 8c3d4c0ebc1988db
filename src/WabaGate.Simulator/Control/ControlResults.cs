using Microsoft.AspNetCore.Http;

namespace WabaGate.Simulator.Control;

/// <summary>Problem details with a stable snake_case <c>code</c>, as the WabaGate API does.</summary>
internal static class ControlResults
{
    public static IResult Problem(int status, string code, string detail) =>
        Results.Problem(detail: detail, statusCode: status, extensions: new Dictionary<string, object?> { ["code"] = code });
}
