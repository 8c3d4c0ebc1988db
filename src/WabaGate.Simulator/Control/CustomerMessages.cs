using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using WabaGate.Simulator.Graph;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Webhooks;

namespace WabaGate.Simulator.Control;

/// <summary>
/// A simulated customer writes to a business number: builds Meta's inbound message object for every type
/// (creating media objects the gateway can download), opens the 24 h window and sends the signed webhook.
/// </summary>
internal static class CustomerMessages
{
    private static readonly HashSet<string> MediaKinds = new(StringComparer.Ordinal) { "image", "video", "audio", "document", "sticker" };

    public static IResult Post(HttpContext http, string waId, JsonObject body, SimulatorState state, WebhookDispatcher dispatcher)
    {
        if (waId.Length is < 5 or > 20 || !waId.All(char.IsAsciiDigit)) return ControlResults.Problem(400, "invalid_wa_id", "waId must be digits only.");
        var phoneId = body.Str("phoneNumberId");
        if (string.IsNullOrEmpty(phoneId) || state.FindPhone(phoneId) is not { } phone)
        {
            return ControlResults.Problem(404, "phone_number_not_found", "phoneNumberId names no simulated phone number.");
        }

        var customer = state.Customer(waId);
        if (body.Str("profileName") is { Length: > 0 } name)
        {
            lock (state.Gate) customer.ProfileName = name;
        }

        var type = body.Str("type") ?? (body["text"] is not null ? "text" : "");
        var wamid = Ids.Wamid(waId);
        var message = new JsonObject();
        if (body["context"] is JsonObject context) message["context"] = Context(context, phone);
        message["from"] = waId;
        message["id"] = wamid;
        message["timestamp"] = WebhookPayloads.Unix(state.Now);
        string? mediaId = null;
        if (body["message"] is JsonObject raw)
        {
            foreach (var (key, value) in raw) message[key] = value?.DeepClone();
            type = message["type"]?.GetValue<string>() ?? type;
        }
        else
        {
            var error = Fill(message, type, body, state, phone, http, out mediaId);
            if (error is not null) return ControlResults.Problem(400, "invalid_customer_message", error);
        }

        if (body["referral"] is JsonObject referral) message["referral"] = referral.DeepClone();
        state.RecordInbound(phone.Id, waId, wamid);
        dispatcher.Enqueue(WebhookPayloads.Inbound(phone, customer, message));
        return Results.Ok(new { wamid, type, mediaId });
    }

    private static JsonObject Context(JsonObject context, SimPhoneNumber phone)
    {
        if (context.Str("messageId") is { Length: > 0 } quoted) return new JsonObject { ["from"] = phone.Digits, ["id"] = quoted };
        if (context["frequentlyForwarded"]?.GetValue<bool>() == true) return new JsonObject { ["frequently_forwarded"] = true };
        return new JsonObject { ["forwarded"] = true };
    }

    private static string? Fill(JsonObject m, string type, JsonObject body, SimulatorState state, SimPhoneNumber phone, HttpContext http, out string? mediaId)
    {
        mediaId = null;
        m["type"] = type;
        switch (type)
        {
            case "text":
                var text = body["text"] is JsonObject t ? t.Str("body") : body.Str("text");
                if (string.IsNullOrEmpty(text)) return "text is required.";
                m["text"] = new JsonObject { ["body"] = text };
                return null;
            case var kind when MediaKinds.Contains(kind):
                var spec = body[kind] as JsonObject ?? body["media"] as JsonObject ?? body;
                m[kind] = Media(kind, spec, state, phone, http, out mediaId);
                return null;
            case "location":
                if (body["location"] is not JsonObject l || l["latitude"] is null || l["longitude"] is null) return "location.latitude and location.longitude are required.";
                var location = new JsonObject { ["latitude"] = Number(l["latitude"]), ["longitude"] = Number(l["longitude"]) };
                if (l.Str("name") is { } ln) location["name"] = ln;
                if (l.Str("address") is { } la) location["address"] = la;
                if (l.Str("url") is { } lu) location["url"] = lu;
                m["location"] = location;
                return null;
            case "contacts":
                if (body["contacts"] is not JsonArray cards || cards.Count == 0) return "contacts (Meta's contact cards) are required.";
                m["contacts"] = cards.DeepClone();
                return null;
            case "interactive":
                if (body["interactive"] is not JsonObject i) return "interactive is required.";
                m["interactive"] = Interactive(i);
                return m["interactive"] is null ? "interactive.type must be button_reply, list_reply or nfm_reply." : null;
            case "button":
                if (body["button"] is not JsonObject b) return "button {payload, text} is required.";
                m["button"] = new JsonObject { ["payload"] = b.Str("payload") ?? b.Str("text"), ["text"] = b.Str("text") ?? b.Str("payload") };
                return null;
            case "reaction":
                if (body["reaction"] is not JsonObject r || r.Str("messageId") is not { Length: > 0 } target) return "reaction.messageId is required.";
                var reaction = new JsonObject { ["message_id"] = target };
                if (r.Str("emoji") is { Length: > 0 } emoji) reaction["emoji"] = emoji;
                m["reaction"] = reaction;
                return null;
            case "unsupported":
                m["unsupported"] = new JsonObject { ["type"] = body["unsupported"]?["type"]?.GetValue<string>() ?? "poll_creation" };
                m["errors"] = new JsonArray(WebhookPayloads.WebhookError(131051, "Message type unknown", "Message type is currently not supported."));
                return null;
            default:
                return "type must be one of text, image, video, audio, document, sticker, location, contacts, interactive, button, reaction, unsupported (or pass a raw Meta object as message).";
        }
    }

    private static JsonObject Media(string kind, JsonObject spec, SimulatorState state, SimPhoneNumber phone, HttpContext http, out string mediaId)
    {
        var mime = spec.Str("mimeType") ?? kind switch
        {
            "image" => "image/jpeg",
            "video" => "video/mp4",
            "audio" => "audio/ogg; codecs=opus",
            "sticker" => "image/webp",
            _ => "application/pdf",
        };
        var content = spec.Str("contentBase64") is { Length: > 0 } b64 ? Convert.FromBase64String(b64) : SampleContent(kind, phone.Id);
        var filename = spec.Str("filename") ?? (kind == "document" ? "document.pdf" : null);
        var media = state.AddMedia(phone.Id, content, mime, filename, state.Options.InboundMediaRetention);
        mediaId = media.Id;
        var o = new JsonObject();
        if (kind is "image" or "video" or "document" && spec.Str("caption") is { Length: > 0 } caption) o["caption"] = caption;
        if (kind == "document") o["filename"] = filename;
        o["mime_type"] = mime;
        o["sha256"] = media.Sha256;
        o["id"] = media.Id;
        if (state.Options.IncludeMediaUrlInWebhooks) o["url"] = MediaUrls.Create(http, state, media);
        if (kind == "audio") o["voice"] = spec["voice"]?.GetValue<bool>() ?? true;
        if (kind == "sticker") o["animated"] = spec["animated"]?.GetValue<bool>() ?? false;
        return o;
    }

    private static byte[] SampleContent(string kind, string salt)
    {
        var header = kind switch
        {
            "image" => "\u00FF\u00D8\u00FF\u00E0JFIF",
            "document" => "%PDF-1.4\n",
            "sticker" => "RIFF\0\0\0\0WEBPVP8 ",
            "audio" => "OggS",
            _ => "\0\0\0\u0018ftypmp42",
        };
        return Encoding.Latin1.GetBytes(header + "simulated " + kind + " " + salt + " " + Guid.NewGuid().ToString("N"));
    }

    private static JsonObject? Interactive(JsonObject i)
    {
        var type = i.Str("type");
        if (i[type ?? ""] is JsonObject metaShape) return new JsonObject { ["type"] = type, [type!] = metaShape.DeepClone() };
        return type switch
        {
            "button_reply" => new JsonObject { ["type"] = type, ["button_reply"] = new JsonObject { ["id"] = i.Str("id"), ["title"] = i.Str("title") } },
            "list_reply" => new JsonObject
            {
                ["type"] = type,
                ["list_reply"] = i.Str("description") is { } d
                    ? new JsonObject { ["id"] = i.Str("id"), ["title"] = i.Str("title"), ["description"] = d }
                    : new JsonObject { ["id"] = i.Str("id"), ["title"] = i.Str("title") },
            },
            "nfm_reply" => new JsonObject
            {
                ["type"] = type,
                ["nfm_reply"] = new JsonObject { ["name"] = i.Str("name") ?? "flow", ["body"] = i.Str("body") ?? "Sent", ["response_json"] = i.Str("responseJson") ?? "{}" },
            },
            _ => null,
        };
    }

    private static JsonNode? Number(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == System.Text.Json.JsonValueKind.String
            && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d)
            ? JsonValue.Create(d)
            : node?.DeepClone();
}
