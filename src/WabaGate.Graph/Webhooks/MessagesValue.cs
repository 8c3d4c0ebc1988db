using System.Text.Json.Serialization;
using WabaGate.Graph.Json;

namespace WabaGate.Graph.Webhooks;

/// <summary>Value of the <c>messages</c> field: inbound messages (+ contacts), statuses, or errors.</summary>
public sealed record MessagesValue : WebhookChangeValue
{
    public string? MessagingProduct { get; init; }
    public WebhookMetadata? Metadata { get; init; }
    public IReadOnlyList<WebhookContact>? Contacts { get; init; }
    public IReadOnlyList<WebhookMessage>? Messages { get; init; }
    public IReadOnlyList<MessageStatus>? Statuses { get; init; }

    /// <summary>Account/system-level errors (no messages or statuses).</summary>
    public IReadOnlyList<WebhookError>? Errors { get; init; }
}

/// <summary>The business number that received the change.</summary>
public sealed record WebhookMetadata : WebhookObject
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DisplayPhoneNumber { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? PhoneNumberId { get; init; }
}

/// <summary>The user who wrote: profile name and WhatsApp id.</summary>
public sealed record WebhookContact : WebhookObject
{
    public WebhookProfile? Profile { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? WaId { get; init; }

    public string? IdentityKeyHash { get; init; }
    public string? UserId { get; init; }
}

/// <summary>A user's WhatsApp profile.</summary>
public sealed record WebhookProfile : WebhookObject
{
    public string? Name { get; init; }
    public string? Username { get; init; }
}

/// <summary>An error object inside a webhook: <c>{code, title, message, error_data{details}, href}</c>.</summary>
public sealed record WebhookError : WebhookObject
{
    public int? Code { get; init; }
    public string? Title { get; init; }
    public string? Message { get; init; }
    public WebhookErrorData? ErrorData { get; init; }
    public string? Href { get; init; }
}

/// <summary><c>error_data</c> of a webhook error.</summary>
public sealed record WebhookErrorData : WebhookObject
{
    public string? Details { get; init; }
}
