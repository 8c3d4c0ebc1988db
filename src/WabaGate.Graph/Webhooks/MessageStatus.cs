using System.Globalization;
using System.Text.Json.Serialization;
using WabaGate.Graph.Json;

namespace WabaGate.Graph.Webhooks;

/// <summary>A status of a sent message: <c>sent</c>, <c>delivered</c>, <c>read</c>, <c>played</c> or <c>failed</c> (with errors).</summary>
public sealed record MessageStatus : WebhookObject
{
    public required string Id { get; init; }
    public required string Status { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Timestamp { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? RecipientId { get; init; }

    public string? RecipientType { get; init; }
    public string? RecipientParticipantId { get; init; }
    public string? RecipientIdentityKeyHash { get; init; }
    public string? BizOpaqueCallbackData { get; init; }
    public StatusConversation? Conversation { get; init; }
    public StatusPricing? Pricing { get; init; }
    public IReadOnlyList<WebhookError>? Errors { get; init; }

    [JsonIgnore]
    public DateTimeOffset? Time => long.TryParse(Timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
        ? DateTimeOffset.FromUnixTimeSeconds(s)
        : null;

    [JsonIgnore]
    public bool IsFailed => Status == "failed";
}

/// <summary>The conversation a status belongs to (omitted in v24+ outside free entry points).</summary>
public sealed record StatusConversation : WebhookObject
{
    public string? Id { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? ExpirationTimestamp { get; init; }

    public StatusConversationOrigin? Origin { get; init; }
}

/// <summary>The conversation's category.</summary>
public sealed record StatusConversationOrigin : WebhookObject
{
    public string? Type { get; init; }
}

/// <summary>Pricing of the message: model (<c>PMP</c>/<c>CBP</c>), type and category.</summary>
public sealed record StatusPricing : WebhookObject
{
    public bool? Billable { get; init; }
    public string? PricingModel { get; init; }
    public string? Type { get; init; }
    public string? Category { get; init; }
}
