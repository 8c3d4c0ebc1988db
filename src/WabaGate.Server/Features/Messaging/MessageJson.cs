using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// How outbound content is kept: Meta's objects (from WabaGate.Graph) in camelCase JSON, which is also the API's
/// <c>content</c>. The dispatcher reads them back into the Graph types to send.
/// </summary>
internal static class MessageJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static JsonObject ToObject<T>(T value) => JsonSerializer.SerializeToNode(value, Options)!.AsObject();

    public static T FromObject<T>(JsonNode node) => node.Deserialize<T>(Options) ?? throw new JsonException($"The stored content is not a {typeof(T).Name}.");
}
