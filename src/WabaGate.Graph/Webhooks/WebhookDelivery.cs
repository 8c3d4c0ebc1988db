using System.Text.Json;

namespace WabaGate.Graph.Webhooks;

/// <summary>One webhook POST: <c>{"object": "whatsapp_business_account", "entry": [...]}</c>; <see cref="ObjectType"/> is <c>object</c>.</summary>
public sealed record WebhookDelivery(string? ObjectType, IReadOnlyList<WebhookEntry> Entries)
{
    /// <summary>Every change of every entry, in order.</summary>
    public IEnumerable<(WebhookEntry Entry, WebhookChange Change)> AllChanges =>
        Entries.SelectMany(e => e.Changes.Select(c => (e, c)));
}

/// <summary>An entry: the WABA id (for some partner events a business id), optional time, its changes.</summary>
public sealed record WebhookEntry(string? Id, long? Time, IReadOnlyList<WebhookChange> Changes);

/// <summary>
/// One change. <see cref="Value"/> is the typed payload for a known <see cref="Field"/>, or an
/// <see cref="UnknownChangeValue"/>; <see cref="RawValue"/> always holds Meta's JSON as received.
/// </summary>
public sealed record WebhookChange(string Field, WebhookChangeValue Value, JsonElement RawValue)
{
    /// <summary>Why the value could not be read as its known type (it is then an <see cref="UnknownChangeValue"/>).</summary>
    public string? ParseError { get; init; }

    public bool IsKnown => Value is not UnknownChangeValue;
}

/// <summary>Base of typed change values.</summary>
public abstract record WebhookChangeValue : WebhookObject;

/// <summary>A change whose field this library does not know (or could not read): only the raw JSON.</summary>
public sealed record UnknownChangeValue(JsonElement Raw) : WebhookChangeValue;
