using System.Text.Json;
using System.Text.Json.Serialization;
using WabaGate.Graph.Json;

namespace WabaGate.Graph.Webhooks;

/// <summary><c>user_preferences</c>: a user stopped or resumed marketing messages.</summary>
public sealed record UserPreferencesValue : WebhookChangeValue
{
    public string? MessagingProduct { get; init; }
    public WebhookMetadata? Metadata { get; init; }
    public IReadOnlyList<WebhookContact>? Contacts { get; init; }
    public IReadOnlyList<UserPreference>? UserPreferences { get; init; }
}

/// <summary>One preference change: <c>category</c> (marketing_messages) and <c>value</c> (stop, resume).</summary>
public sealed record UserPreference : WebhookObject
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? WaId { get; init; }

    public string? Detail { get; init; }
    public string? Category { get; init; }
    public string? Value { get; init; }
    public long? Timestamp { get; init; }
}

/// <summary><c>smb_message_echoes</c> (Coexistence): messages the business sent from the WhatsApp Business app.</summary>
public sealed record MessageEchoesValue : WebhookChangeValue
{
    public string? MessagingProduct { get; init; }
    public WebhookMetadata? Metadata { get; init; }
    public IReadOnlyList<WebhookMessage>? MessageEchoes { get; init; }
}

/// <summary><c>history</c> (Coexistence): past chats synced after onboarding; kept as Meta's JSON.</summary>
public sealed record HistoryValue : WebhookChangeValue
{
    public string? MessagingProduct { get; init; }
    public WebhookMetadata? Metadata { get; init; }
    public JsonElement? History { get; init; }
}

/// <summary><c>smb_app_state_sync</c> (Coexistence): contacts synced from the app; kept as Meta's JSON.</summary>
public sealed record SmbAppStateSyncValue : WebhookChangeValue
{
    public string? MessagingProduct { get; init; }
    public WebhookMetadata? Metadata { get; init; }
    public JsonElement? StateSync { get; init; }
}
