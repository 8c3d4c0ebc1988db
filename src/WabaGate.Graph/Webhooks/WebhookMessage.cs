using System.Globalization;
using System.Text.Json.Serialization;
using WabaGate.Graph.Json;
using WabaGate.Graph.Messages;

namespace WabaGate.Graph.Webhooks;

/// <summary>
/// An inbound message (or a Coexistence echo, which adds <see cref="To"/>). The member named by
/// <see cref="Type"/> holds the content; an unknown type's content stays in <see cref="WebhookObject.ExtensionData"/>.
/// </summary>
public sealed record WebhookMessage : WebhookObject
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? From { get; init; }

    /// <summary>Echoes only: the user the business wrote to.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? To { get; init; }

    public required string Id { get; init; }

    /// <summary>Unix seconds, as Meta sends it (a string).</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? Timestamp { get; init; }

    public required string Type { get; init; }
    public WebhookMessageContext? Context { get; init; }
    public WebhookReferral? Referral { get; init; }
    public IReadOnlyList<WebhookError>? Errors { get; init; }
    public WebhookIdentity? Identity { get; init; }

    public WebhookText? Text { get; init; }
    public WebhookMedia? Image { get; init; }
    public WebhookMedia? Video { get; init; }
    public WebhookMedia? Audio { get; init; }
    public WebhookMedia? Document { get; init; }
    public WebhookMedia? Sticker { get; init; }
    public WebhookLocation? Location { get; init; }
    public IReadOnlyList<ContactCard>? Contacts { get; init; }
    public WebhookInteractive? Interactive { get; init; }
    public WebhookButton? Button { get; init; }
    public WebhookReaction? Reaction { get; init; }
    public WebhookOrder? Order { get; init; }
    public WebhookSystem? System { get; init; }
    public WebhookUnsupported? Unsupported { get; init; }

    /// <summary><see cref="Timestamp"/> as a time, when it parses.</summary>
    [JsonIgnore]
    public DateTimeOffset? Time => long.TryParse(Timestamp, NumberStyles.Integer, CultureInfo.InvariantCulture, out var s)
        ? DateTimeOffset.FromUnixTimeSeconds(s)
        : null;

    /// <summary>The media content of a media message, whatever its type.</summary>
    [JsonIgnore]
    public WebhookMedia? Media => Image ?? Video ?? Audio ?? Document ?? Sticker;
}
