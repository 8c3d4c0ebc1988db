using System.Text.Json;
using System.Text.Json.Serialization;
using WabaGate.Graph.Json;

namespace WabaGate.Graph.Signatures;

/// <summary>The decoded payload of a Facebook <c>signed_request</c> (data deletion and deauthorize callbacks).</summary>
public sealed record SignedRequestPayload
{
    /// <summary>Must be <c>HMAC-SHA256</c>.</summary>
    public string? Algorithm { get; init; }

    /// <summary>The app-scoped user id.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? UserId { get; init; }

    public long? IssuedAt { get; init; }
    public long? Expires { get; init; }

    /// <summary>Page removals may carry a profile id.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? ProfileId { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
