using System.Text.Json;
using System.Text.Json.Serialization;

namespace WabaGate.Graph.Webhooks;

/// <summary>Base of every webhook payload object: members this model does not name are kept in <see cref="ExtensionData"/>.</summary>
public abstract record WebhookObject
{
    /// <summary>Fields Meta sent that this model does not name (new fields, unknown message types…).</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
