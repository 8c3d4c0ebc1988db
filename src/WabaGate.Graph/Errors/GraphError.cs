using System.Text.Json;

namespace WabaGate.Graph.Errors;

/// <summary>The <c>error</c> object of a Graph error response (reference §4.1).</summary>
public sealed record GraphError
{
    public string? Message { get; init; }
    public string? Type { get; init; }
    public int? Code { get; init; }
    public int? ErrorSubcode { get; init; }
    public string? ErrorUserTitle { get; init; }
    public string? ErrorUserMsg { get; init; }

    /// <summary>Usually <c>{"messaging_product","details"}</c>, but some template endpoints send a string.</summary>
    public JsonElement? ErrorData { get; init; }

    public bool? IsTransient { get; init; }
    public string? FbtraceId { get; init; }

    /// <summary><c>error_data.details</c>, or <c>error_data</c> itself when it is a string.</summary>
    public string? Details => ErrorData switch
    {
        { ValueKind: JsonValueKind.String } s => s.GetString(),
        { ValueKind: JsonValueKind.Object } o when o.TryGetProperty("details", out var d) && d.ValueKind == JsonValueKind.String => d.GetString(),
        _ => null,
    };
}

/// <summary>A Graph error response body: <c>{"error": {...}}</c>.</summary>
public sealed record GraphErrorEnvelope(GraphError? Error);
