using System.Text.Json.Serialization;

namespace WabaGate.Server.Infrastructure.Problems;

/// <summary>
/// What Meta said when Meta caused the failure, rendered as the problem's <c>meta</c> member
/// (<c>{code, subcode, fbtraceId, message}</c>). Never put tokens or request URLs in <see cref="Message"/>.
/// </summary>
internal sealed record MetaErrorInfo(
    [property: JsonPropertyName("code")] int? Code,
    [property: JsonPropertyName("subcode")] int? Subcode,
    [property: JsonPropertyName("fbtraceId")] string? FbTraceId,
    [property: JsonPropertyName("message")] string? Message)
{
    /// <summary>What a failed Graph call said, without anything that could carry a secret.</summary>
    public static MetaErrorInfo From(WabaGate.Graph.Errors.GraphApiException error)
        => new(error.Code, error.Subcode, error.FbTraceId, error.GraphMessage);
}
