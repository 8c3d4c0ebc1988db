using System.Text.Json.Serialization;
using WabaGate.Graph.Json;

namespace WabaGate.Graph.Webhooks;

/// <summary>A text message's body.</summary>
public sealed record WebhookText : WebhookObject
{
    public string? Body { get; init; }
}

/// <summary>Received media. <see cref="Url"/> (since late 2025) still needs the bearer token; otherwise resolve <see cref="Id"/>.</summary>
public sealed record WebhookMedia : WebhookObject
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Id { get; init; }

    public string? MimeType { get; init; }

    [JsonPropertyName("sha256")]
    public string? Sha256 { get; init; }

    public string? Caption { get; init; }
    public string? Filename { get; init; }

    /// <summary>Audio: a voice note.</summary>
    public bool? Voice { get; init; }

    /// <summary>Sticker: animated.</summary>
    public bool? Animated { get; init; }

    public string? Url { get; init; }
}

/// <summary>A received location (numbers in webhooks).</summary>
public sealed record WebhookLocation : WebhookObject
{
    public double? Latitude { get; init; }
    public double? Longitude { get; init; }
    public string? Name { get; init; }
    public string? Address { get; init; }
    public string? Url { get; init; }
}

/// <summary>A reaction; a missing or empty emoji means the reaction was removed.</summary>
public sealed record WebhookReaction : WebhookObject
{
    public string? MessageId { get; init; }
    public string? Emoji { get; init; }
}

/// <summary>A template quick-reply tap.</summary>
public sealed record WebhookButton : WebhookObject
{
    public string? Payload { get; init; }
    public string? Text { get; init; }
}

/// <summary>An interactive reply: <c>button_reply</c>, <c>list_reply</c> or <c>nfm_reply</c> (Flows).</summary>
public sealed record WebhookInteractive : WebhookObject
{
    public string? Type { get; init; }
    public WebhookReply? ButtonReply { get; init; }
    public WebhookReply? ListReply { get; init; }
    public WebhookNfmReply? NfmReply { get; init; }
}

/// <summary>The chosen button or row.</summary>
public sealed record WebhookReply : WebhookObject
{
    public string? Id { get; init; }
    public string? Title { get; init; }
    public string? Description { get; init; }
}

/// <summary>A Flow (or address message) response; <see cref="ResponseJson"/> is a JSON string.</summary>
public sealed record WebhookNfmReply : WebhookObject
{
    public string? Name { get; init; }
    public string? Body { get; init; }
    public string? ResponseJson { get; init; }
}

/// <summary>A catalog order.</summary>
public sealed record WebhookOrder : WebhookObject
{
    public string? CatalogId { get; init; }
    public string? Text { get; init; }
    public IReadOnlyList<WebhookProductItem>? ProductItems { get; init; }
}

/// <summary>One ordered product.</summary>
public sealed record WebhookProductItem : WebhookObject
{
    public string? ProductRetailerId { get; init; }
    public double? Quantity { get; init; }
    public double? ItemPrice { get; init; }
    public string? Currency { get; init; }
}

/// <summary>A system message: <c>user_changed_number</c>, <c>customer_identity_changed</c>…</summary>
public sealed record WebhookSystem : WebhookObject
{
    public string? Body { get; init; }
    public string? Type { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? WaId { get; init; }

    /// <summary>Legacy <c>customer_changed_number</c>.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? NewWaId { get; init; }

    /// <summary><c>customer_identity_changed</c>: the new identity (a hash string in Meta's examples).</summary>
    public System.Text.Json.JsonElement? Identity { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Customer { get; init; }
}

/// <summary>A message type WhatsApp does not deliver through the API (see the message's errors).</summary>
public sealed record WebhookUnsupported : WebhookObject
{
    public string? Type { get; init; }
}

/// <summary>Identity-change information.</summary>
public sealed record WebhookIdentity : WebhookObject
{
    public bool? Acknowledged { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? CreatedTimestamp { get; init; }

    public string? Hash { get; init; }
}

/// <summary>
/// <c>context</c>: a reply (<see cref="From"/>, <see cref="Id"/>), a forward (<see cref="Forwarded"/>,
/// <see cref="FrequentlyForwarded"/>) or a product enquiry (<see cref="ReferredProduct"/>).
/// </summary>
public sealed record WebhookMessageContext : WebhookObject
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? From { get; init; }

    public string? Id { get; init; }
    public bool? Forwarded { get; init; }
    public bool? FrequentlyForwarded { get; init; }
    public WebhookReferredProduct? ReferredProduct { get; init; }
}

/// <summary>The product a user asked about.</summary>
public sealed record WebhookReferredProduct : WebhookObject
{
    public string? CatalogId { get; init; }
    public string? ProductRetailerId { get; init; }
}

/// <summary>The Click-to-WhatsApp ad or post the user came from.</summary>
public sealed record WebhookReferral : WebhookObject
{
    public string? SourceUrl { get; init; }
    public string? SourceId { get; init; }
    public string? SourceType { get; init; }
    public string? Body { get; init; }
    public string? Headline { get; init; }
    public string? MediaType { get; init; }
    public string? ImageUrl { get; init; }
    public string? VideoUrl { get; init; }
    public string? ThumbnailUrl { get; init; }
    public string? CtwaClid { get; init; }
    public WebhookWelcomeMessage? WelcomeMessage { get; init; }
}

/// <summary>The welcome message shown with a Click-to-WhatsApp ad.</summary>
public sealed record WebhookWelcomeMessage : WebhookObject
{
    public string? Text { get; init; }
}
