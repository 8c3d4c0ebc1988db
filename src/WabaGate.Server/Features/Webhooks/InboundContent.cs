using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WabaGate.Graph.Webhooks;
using WabaGate.Server.Features.Messaging;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// Turns an inbound webhook message into the API's <c>content</c> (Meta's field names in camelCase, per type), plus
/// its reply context and referral. Types this code does not know are kept as Meta sent them (camelCased), so a new
/// message type is stored and visible rather than dropped.
/// </summary>
internal static class InboundContent
{
    /// <param name="message">The typed message.</param>
    /// <param name="raw">Meta's JSON of the same message, as received.</param>
    /// <param name="mediaId">The WabaGate media row created for a media message.</param>
    public static MessageBody Create(WebhookMessage message, JsonElement? raw, Guid? mediaId)
    {
        var content = message.Type switch
        {
            "text" => new JsonObject { ["body"] = message.Text?.Body },
            "image" or "video" or "audio" or "document" or "sticker" => Media(message.Media, mediaId),
            "interactive" => Interactive(message.Interactive, Member(raw, "interactive")),
            "button" => new JsonObject { ["text"] = message.Button?.Text, ["payload"] = message.Button?.Payload },
            "reaction" => new JsonObject { ["messageId"] = message.Reaction?.MessageId, ["emoji"] = message.Reaction?.Emoji },
            "contacts" => new JsonObject { ["contacts"] = CamelCase(Member(raw, "contacts")) },
            "unsupported" => new JsonObject
            {
                ["type"] = message.Unsupported?.Type,
                ["errors"] = CamelCase(Member(raw, "errors")),
            },
            _ => Other(message.Type, raw),
        };

        return new MessageBody(content, CamelCase(Member(raw, "context")) as JsonObject, CamelCase(Member(raw, "referral")) as JsonObject);
    }

    private static JsonObject Media(WebhookMedia? media, Guid? mediaId)
    {
        var content = new JsonObject
        {
            ["mediaId"] = mediaId?.ToString(),
            ["caption"] = media?.Caption,
            ["mimeType"] = media?.MimeType,
            ["filename"] = media?.Filename,
            ["sha256"] = media?.Sha256,
        };
        if (media?.Voice is { } voice)
        {
            content["voice"] = voice;
        }

        if (media?.Animated is { } animated)
        {
            content["animated"] = animated;
        }

        return content;
    }

    private static JsonObject Interactive(WebhookInteractive? interactive, JsonElement? raw)
    {
        var reply = interactive?.ButtonReply ?? interactive?.ListReply;
        if (reply is not null)
        {
            return new JsonObject { ["type"] = interactive!.Type, ["id"] = reply.Id, ["title"] = reply.Title, ["description"] = reply.Description };
        }

        // Flows (nfm_reply) and newer interactive replies: Meta's object as sent.
        return CamelCase(raw) as JsonObject ?? new JsonObject { ["type"] = interactive?.Type };
    }

    /// <summary>location, order, system and any type unknown here: the member named by the type, else the whole message minus envelope fields.</summary>
    private static JsonObject Other(string type, JsonElement? raw)
    {
        if (CamelCase(Member(raw, type)) is JsonObject typed)
        {
            if (Member(raw, "errors") is { } errors && type != "errors")
            {
                typed["errors"] = CamelCase(errors);
            }

            return typed;
        }

        var whole = CamelCase(raw) as JsonObject ?? [];
        foreach (var envelope in new[] { "from", "id", "timestamp", "type", "context", "referral" })
        {
            whole.Remove(envelope);
        }

        return whole;
    }

    private static JsonElement? Member(JsonElement? raw, string name)
        => raw is { ValueKind: JsonValueKind.Object } element && element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : null;

    /// <summary>A copy of Meta's JSON with snake_case property names in camelCase (values untouched).</summary>
    public static JsonNode? CamelCase(JsonElement? element) => element is { } e ? CamelCase(JsonNode.Parse(e.GetRawText())) : null;

    private static JsonNode? CamelCase(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                var result = new JsonObject();
                foreach (var (key, value) in obj.ToList())
                {
                    obj.Remove(key);
                    result[ToCamel(key)] = CamelCase(value);
                }

                return result;
            case JsonArray array:
                var items = array.ToList();
                array.Clear();
                return new JsonArray(items.Select(CamelCase).ToArray());
            default:
                return node;
        }
    }

    private static string ToCamel(string name)
    {
        if (!name.Contains('_', StringComparison.Ordinal))
        {
            return name;
        }

        var builder = new StringBuilder(name.Length);
        var upper = false;
        foreach (var c in name)
        {
            if (c == '_')
            {
                upper = builder.Length > 0;
                continue;
            }

            builder.Append(upper ? char.ToUpperInvariant(c) : c);
            upper = false;
        }

        return builder.ToString();
    }
}
