using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Json;
using WabaGate.Graph.Messages;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Templates;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Messaging;

/// <summary>An outbound message that passed validation: its type, its content (Meta's object in camelCase) and reply context.</summary>
internal sealed record PreparedMessage(string Type, JsonObject Content, JsonObject? Context, Guid? MediaId)
{
    public bool IsFreeForm => Type != MessageTypes.Template;
}

/// <summary>
/// Checks everything about an outbound message that can be checked before it reaches Meta — type, lengths, media
/// types and sizes, the template and its parameters, the reply target — and turns it into the content kept on
/// the message. Shape errors are 400 <c>validation_failed</c>; API.md's specific failures use their own codes.
/// </summary>
internal sealed class OutboundValidator(AppDbContext db, ITemplateCatalog templates)
{
    private static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        MessageTypes.Text, MessageTypes.Template, MessageTypes.Image, MessageTypes.Document, MessageTypes.Audio, MessageTypes.Video,
        MessageTypes.Sticker, MessageTypes.Interactive, MessageTypes.Reaction, MessageTypes.Location, MessageTypes.Contacts,
    };

    /// <summary>The recipient as WhatsApp digits: an optional leading <c>+</c> and 8 to 15 digits; else 422 <c>recipient_invalid</c>.</summary>
    public static string Recipient(string? to)
    {
        var value = to?.Trim() ?? string.Empty;
        var digits = value.StartsWith('+') ? value[1..] : value;
        if (digits.Length is < 8 or > 15 || !digits.All(char.IsAsciiDigit))
        {
            throw new ApiProblemException(MessagingCodes.RecipientInvalid, 422, "'to' must be a phone number in international format: digits only (a leading + is allowed), 8 to 15 of them.");
        }

        return digits;
    }

    public async Task<PreparedMessage> PrepareAsync(SendMessageApiRequest request, PhoneNumber phone, CancellationToken ct)
    {
        var type = request.Type?.Trim().ToLowerInvariant() ?? string.Empty;
        if (!Types.Contains(type))
        {
            throw ApiProblemException.Validation("type", $"Use one of: {string.Join(", ", Types)}.");
        }

        var prepared = type switch
        {
            MessageTypes.Text => Text(request.Text),
            MessageTypes.Template => await TemplateAsync(request.Template, phone, ct),
            MessageTypes.Interactive => Interactive(request.Interactive),
            MessageTypes.Reaction => await ReactionAsync(request.Reaction, ct),
            MessageTypes.Location => Location(request.Location),
            MessageTypes.Contacts => Contacts(request.Contacts),
            _ => await MediaAsync(type, request, ct),
        };

        if (!OutboundMediaRules.IsMediaType(type) && (request.Caption is not null || request.Filename is not null || request.Voice is not null))
        {
            throw ApiProblemException.Validation("caption", "caption, filename and voice apply to media messages only.");
        }

        if (request.ReplyTo is { Length: > 0 } replyTo)
        {
            if (type == MessageTypes.Reaction)
            {
                throw ApiProblemException.Validation("replyTo", "A reaction cannot be a reply; name the message in reaction.messageId.");
            }

            prepared = prepared with { Context = new JsonObject { ["messageId"] = await WamidAsync(replyTo, "replyTo", ct) } };
        }

        return prepared;
    }

    private static PreparedMessage Text(TextRequest? text)
    {
        if (text?.Body is not { Length: > 0 } body || string.IsNullOrWhiteSpace(body))
        {
            throw ApiProblemException.Validation("text.body", "A text message needs a body.");
        }

        Max("text.body", body, 4096);
        return new PreparedMessage(MessageTypes.Text, MessageJson.ToObject(new TextContent(body, text.PreviewUrl)), null, null);
    }

    private async Task<PreparedMessage> TemplateAsync(TemplateRequest? template, PhoneNumber phone, CancellationToken ct)
    {
        if (template?.Name is not { Length: > 0 } name || template.Language is not { Length: > 0 } language)
        {
            throw ApiProblemException.Validation("template", "A template message needs template.name and template.language.");
        }

        var resolution = await templates.ResolveForSendAsync(phone.ConnectionId, name, language, template.Parameters, ct);
        if (!resolution.IsValid)
        {
            throw new ApiProblemException(resolution.ErrorCode ?? "template_not_found", 422, resolution.Detail ?? "The template cannot be sent.");
        }

        // A media header given by WabaGate media id is uploaded to Meta by the dispatcher like a media message's file.
        var headerMedia = HeaderMediaId(resolution.Content!);
        if (headerMedia is { } mediaId
            && await db.Set<MediaFile>().AsNoTracking().Where(m => m.Id == mediaId).Select(m => (MediaState?)m.State).SingleOrDefaultAsync(ct) != MediaState.Stored)
        {
            throw new ApiProblemException(MessagingCodes.UnsupportedMedia, 422, "The template header's mediaId names no stored media of this organization.");
        }

        return new PreparedMessage(MessageTypes.Template, MessageJson.ToObject(resolution.Content!), null, headerMedia);
    }

    /// <summary>The WabaGate media id of the template's image/video/document header, if it names one (not a link).</summary>
    internal static Guid? HeaderMediaId(TemplateContent content)
    {
        var header = content.Components?.FirstOrDefault(c => c.Type.Equals("header", StringComparison.OrdinalIgnoreCase))?.Parameters is [var first, ..] ? first : null;
        var media = header?.Image ?? header?.Video ?? header?.Document;
        return Guid.TryParse(media?.Id, out var id) ? id : null;
    }

    private async Task<PreparedMessage> MediaAsync(string type, SendMessageApiRequest request, CancellationToken ct)
    {
        var media = request.Media;
        if (media is null || (media.MediaId is null) == (media.Link is null))
        {
            throw ApiProblemException.Validation("media", $"A {type} message needs media.mediaId or media.link (exactly one).");
        }

        if (request.Caption is not null)
        {
            if (!OutboundMediaRules.TakesCaption(type))
            {
                throw ApiProblemException.Validation("caption", $"A {type} message has no caption.");
            }

            Max("caption", request.Caption, 1024);
        }

        if (request.Filename is not null && type != MessageTypes.Document)
        {
            throw ApiProblemException.Validation("filename", "Only documents have a filename.");
        }

        if (request.Voice is not null && type != MessageTypes.Audio)
        {
            throw ApiProblemException.Validation("voice", "Only audio can be a voice note.");
        }

        var content = new JsonObject();
        Guid? mediaRow = null;
        if (media.Link is { } link)
        {
            if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
            {
                throw new ApiProblemException(MessagingCodes.UnsupportedMedia, 422, "media.link must be an absolute https URL.");
            }

            content["link"] = link;
        }
        else
        {
            if (!Guid.TryParse(media.MediaId, out var id)
                || await db.Set<MediaFile>().AsNoTracking().SingleOrDefaultAsync(m => m.Id == id, ct) is not { } file)
            {
                throw new ApiProblemException(MessagingCodes.UnsupportedMedia, 422, "media.mediaId names no media of this organization.");
            }

            if (file.State != MediaState.Stored)
            {
                throw new ApiProblemException(MessagingCodes.UnsupportedMedia, 422, $"The media is {file.State.ToString().ToLowerInvariant()}, not stored: it cannot be sent.");
            }

            if (OutboundMediaRules.Check(type, file.MimeType, file.Size) is { } problem)
            {
                throw new ApiProblemException(MessagingCodes.UnsupportedMedia, 422, problem);
            }

            content["mediaId"] = file.Id.ToString();
            content["mimeType"] = file.MimeType;
            mediaRow = file.Id;
        }

        if (request.Caption is not null)
        {
            content["caption"] = request.Caption;
        }

        if (request.Filename is not null)
        {
            content["filename"] = request.Filename;
        }

        if (request.Voice is true)
        {
            content["voice"] = true;
        }

        return new PreparedMessage(type, content, null, mediaRow);
    }

    private static PreparedMessage Interactive(JsonElement? json)
    {
        InteractiveContent? interactive;
        try
        {
            interactive = json is { ValueKind: JsonValueKind.Object } element ? element.Deserialize(GraphJsonContext.Default.InteractiveContent) : null;
        }
        catch (JsonException)
        {
            interactive = null;
        }

        if (interactive is null)
        {
            throw ApiProblemException.Validation("interactive", "An interactive message needs Meta's interactive object (type, body, action …).");
        }

        InteractiveRules.Check(interactive);
        return new PreparedMessage(MessageTypes.Interactive, MessageJson.ToObject(interactive), null, null);
    }

    private async Task<PreparedMessage> ReactionAsync(ReactionRequest? reaction, CancellationToken ct)
    {
        if (reaction?.MessageId is not { Length: > 0 } target || reaction.Emoji is null)
        {
            throw ApiProblemException.Validation("reaction", "A reaction needs reaction.messageId and reaction.emoji (empty removes the reaction).");
        }

        Max("reaction.emoji", reaction.Emoji, 16);
        var wamid = await WamidAsync(target, "reaction.messageId", ct);
        return new PreparedMessage(MessageTypes.Reaction, MessageJson.ToObject(new ReactionContent(wamid, reaction.Emoji)), null, null);
    }

    private static PreparedMessage Location(LocationRequest? location)
    {
        if (location is not { Latitude: { } lat and >= -90 and <= 90, Longitude: { } lon and >= -180 and <= 180 })
        {
            throw ApiProblemException.Validation("location", "A location needs latitude (-90 to 90) and longitude (-180 to 180).");
        }

        Max("location.name", location.Name, 1000);
        Max("location.address", location.Address, 1000);
        return new PreparedMessage(MessageTypes.Location, MessageJson.ToObject(new LocationContent(lat, lon, location.Name, location.Address)), null, null);
    }

    private static PreparedMessage Contacts(JsonElement? json)
    {
        IReadOnlyList<ContactCard>? cards;
        try
        {
            cards = json is { ValueKind: JsonValueKind.Array } element ? element.Deserialize(GraphJsonContext.Default.IReadOnlyListContactCard) : null;
        }
        catch (JsonException)
        {
            cards = null;
        }

        if (cards is not { Count: >= 1 and <= 257 } || cards.Any(c => string.IsNullOrWhiteSpace(c.Name?.FormattedName)))
        {
            throw ApiProblemException.Validation("contacts", "Send 1 to 257 contact cards in Meta's shape, each with name.formatted_name.");
        }

        return new PreparedMessage(MessageTypes.Contacts, new JsonObject { ["contacts"] = JsonSerializer.SerializeToNode(cards, MessageJson.Options) }, null, null);
    }

    /// <summary>A WabaGate message id (which must have been sent or received) or a wamid, as the wamid.</summary>
    private async Task<string> WamidAsync(string reference, string field, CancellationToken ct)
    {
        if (Guid.TryParse(reference, out var id))
        {
            var wamid = await db.Set<Message>().AsNoTracking().Where(m => m.Id == id).Select(m => m.Wamid).SingleOrDefaultAsync(ct);
            return wamid ?? throw ApiProblemException.Validation(field, "No message of this organization with this id has reached WhatsApp yet.");
        }

        return reference.StartsWith("wamid.", StringComparison.Ordinal) && reference.Length <= 256
            ? reference
            : throw ApiProblemException.Validation(field, "Name a WabaGate message id or a wamid.");
    }

    internal static void Max(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            throw ApiProblemException.Validation(field, $"At most {max} characters.");
        }
    }
}
