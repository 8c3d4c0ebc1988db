using System.Text.Json.Nodes;
using WabaGate.Graph.Messages;

namespace WabaGate.Server.Features.Messaging.Dispatch;

/// <summary>Turns a stored outbound message (its content in camelCase) into Meta's send request.</summary>
internal static class MetaRequestFactory
{
    /// <param name="type">The message type.</param>
    /// <param name="to">The recipient's digits; sent with a leading <c>+</c> so Meta never prepends the business's country code.</param>
    /// <param name="body">The decrypted content and reply context.</param>
    /// <param name="metaMediaId">For a WabaGate media file: its Meta media id for the sending number.</param>
    /// <param name="callbackData">Echoed by Meta in status webhooks (the WabaGate message id).</param>
    public static SendMessageRequest Create(string type, string to, MessageBody body, string? metaMediaId, string callbackData)
    {
        var recipient = "+" + to;
        var content = body.Content;
        var request = type switch
        {
            MessageTypes.Text => SendMessageRequest.CreateText(recipient, content["body"]!.GetValue<string>(), content["previewUrl"]?.GetValue<bool>()),
            MessageTypes.Template => SendMessageRequest.CreateTemplate(recipient, WithMetaHeader(MessageJson.FromObject<TemplateContent>(content), metaMediaId)),
            MessageTypes.Interactive => SendMessageRequest.CreateInteractive(recipient, MessageJson.FromObject<InteractiveContent>(content)),
            MessageTypes.Reaction => SendMessageRequest.CreateReaction(recipient, content["messageId"]!.GetValue<string>(), content["emoji"]!.GetValue<string>()),
            MessageTypes.Location => SendMessageRequest.CreateLocation(recipient, MessageJson.FromObject<LocationContent>(content)),
            MessageTypes.Contacts => SendMessageRequest.CreateContacts(recipient, MessageJson.FromObject<List<ContactCard>>(content["contacts"]!)),
            _ => SendMessageRequest.CreateMedia(recipient, type, Media(content, metaMediaId)),
        };

        request = request with { BizOpaqueCallbackData = callbackData };
        return body.Context?["messageId"] is JsonValue reply ? request.ReplyingTo(reply.GetValue<string>()) : request;
    }

    /// <summary>The template with its media header's WabaGate media id replaced by Meta's (see <c>ITemplateCatalog</c>).</summary>
    private static TemplateContent WithMetaHeader(TemplateContent template, string? metaMediaId)
    {
        if (metaMediaId is null || template.Components is not { } components)
        {
            return template;
        }

        return template with
        {
            Components = [.. components.Select(c => !c.Type.Equals("header", StringComparison.OrdinalIgnoreCase) || c.Parameters is not { } parameters
                ? c
                : c with { Parameters = [.. parameters.Select(p => p with { Image = Swap(p.Image), Video = Swap(p.Video), Document = Swap(p.Document) })] })],
        };

        MediaContent? Swap(MediaContent? media) => media is { Id: { } id } && Guid.TryParse(id, out _) ? media with { Id = metaMediaId } : media;
    }

    private static MediaContent Media(JsonObject content, string? metaMediaId) => new()
    {
        Id = metaMediaId,
        Link = metaMediaId is null ? content["link"]?.GetValue<string>() : null,
        Caption = content["caption"]?.GetValue<string>(),
        Filename = content["filename"]?.GetValue<string>(),
        Voice = content["voice"]?.GetValue<bool>(),
    };
}
