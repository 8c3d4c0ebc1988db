using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Graph;

/// <summary>Validates the type-specific object of a send request like Meta does (§3), except templates.</summary>
internal static class MessageValidator
{
    public static readonly HashSet<string> Types = new(StringComparer.Ordinal)
    {
        "text", "image", "audio", "video", "document", "sticker", "interactive", "reaction", "location", "contacts", "template",
    };

    private static readonly HashSet<string> MediaTypes = new(StringComparer.Ordinal) { "image", "audio", "video", "document", "sticker" };

    public static GraphError? Validate(string type, JsonObject p, SimulatorState state, SimPhoneNumber phone)
    {
        if (!Types.Contains(type))
        {
            return new GraphError(100, "(#100) Param type must be one of {AUDIO, CONTACTS, DOCUMENT, IMAGE, INTERACTIVE, LOCATION, REACTION, STICKER, TEMPLATE, TEXT, VIDEO} - got \"" + type + "\".");
        }

        if (type == "contacts")
        {
            return p["contacts"] is JsonArray cards ? Contacts(cards) : Missing("contacts");
        }

        if (p[type] is not JsonObject obj) return Missing(type);
        return type switch
        {
            "text" => Text(obj),
            "reaction" => obj.Str("message_id") is { Length: > 0 } ? null : Missing("reaction['message_id']"),
            "location" => IsNumber(obj["latitude"]) && IsNumber(obj["longitude"]) ? null : Missing("location['latitude'] and location['longitude']"),
            "interactive" => Interactive(obj),
            _ when MediaTypes.Contains(type) => Media(type, obj, state, phone),
            _ => null,
        };
    }

    private static GraphError Missing(string what) => GraphErrors.MissingParameter($"The parameter {what} is required.");

    private static GraphError Invalid(string details) => GraphErrors.InvalidValue(details);

    private static GraphError? Text(JsonObject text)
    {
        var body = text.Str("body");
        if (string.IsNullOrEmpty(body)) return Missing("text['body']");
        return body.Length > 4096 ? Invalid("Param text['body'] must be at most 4096 characters long.") : null;
    }

    private static GraphError? Media(string type, JsonObject media, SimulatorState state, SimPhoneNumber phone)
    {
        var id = media.Str("id");
        var link = media.Str("link");
        if (string.IsNullOrEmpty(id) == string.IsNullOrEmpty(link))
        {
            return new GraphError(100, $"(#100) Param {type} must contain exactly one of id or link.");
        }

        if (id is { Length: > 0 })
        {
            var found = state.FindMedia(id);
            if (found is null || state.FindPhone(found.PhoneNumberId)?.WabaId != phone.WabaId)
            {
                return Invalid($"Param {type}['id'] is not a valid whatsapp business account media attachment ID.");
            }
        }
        else if (!Uri.TryCreate(link, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            return Invalid($"Param {type}['link'] must be a valid http(s) URL.");
        }

        if (media.Str("caption") is { Length: > 1024 }) return Invalid($"Param {type}['caption'] must be at most 1024 characters long.");
        return null;
    }

    private static GraphError? Contacts(JsonArray cards)
    {
        if (cards.Count is 0 or > 257) return Invalid("Param contacts must contain between 1 and 257 contacts.");
        foreach (var card in cards)
        {
            if (card?["name"]?["formatted_name"] is null) return Missing("contacts['name']['formatted_name']");
        }

        return null;
    }

    private static GraphError? Interactive(JsonObject i)
    {
        var kind = i.Str("type");
        if (string.IsNullOrEmpty(kind)) return Missing("interactive['type']");
        if (i["header"] is JsonObject header && header.Str("type") == "text" && header.Str("text") is { Length: > 60 })
        {
            return Invalid("Param interactive['header']['text'] must be at most 60 characters long.");
        }

        if (i["footer"]?["text"] is JsonValue footer && footer.GetValue<string>().Length > 60) return Invalid("Param interactive['footer']['text'] must be at most 60 characters long.");
        var body = i["body"]?["text"]?.GetValue<string>();
        var action = i["action"] as JsonObject;
        switch (kind)
        {
            case "button":
                if (string.IsNullOrEmpty(body)) return Missing("interactive['body']['text']");
                if (body.Length > 1024) return Invalid("Param interactive['body']['text'] must be at most 1024 characters long.");
                if (action?["buttons"] is not JsonArray buttons || buttons.Count is 0 or > 3) return Invalid("Param interactive['action']['buttons'] must have between 1 and 3 buttons.");
                var titles = new HashSet<string>(StringComparer.Ordinal);
                foreach (var button in buttons)
                {
                    var id = button?["reply"]?["id"]?.GetValue<string>();
                    var title = button?["reply"]?["title"]?.GetValue<string>();
                    if (string.IsNullOrEmpty(id) || string.IsNullOrEmpty(title)) return Missing("interactive['action']['buttons'][]['reply']['id'|'title']");
                    if (id.Length > 256 || title.Length > 20) return Invalid("Button id must be at most 256 and title at most 20 characters long.");
                    if (!titles.Add(title)) return Invalid("Button titles must be unique.");
                }

                return null;
            case "list":
                if (string.IsNullOrEmpty(body)) return Missing("interactive['body']['text']");
                if (body.Length > 4096) return Invalid("Param interactive['body']['text'] must be at most 4096 characters long.");
                if (action?.Str("button") is not { Length: > 0 and <= 20 }) return Invalid("Param interactive['action']['button'] is required and must be at most 20 characters long.");
                if (action["sections"] is not JsonArray sections || sections.Count is 0 or > 10) return Invalid("Param interactive['action']['sections'] must have between 1 and 10 sections.");
                var rows = 0;
                foreach (var section in sections)
                {
                    if (section?["title"]?.GetValue<string>() is { Length: > 24 }) return Invalid("Section titles must be at most 24 characters long.");
                    if (sections.Count > 1 && section?["title"] is null) return Missing("interactive['action']['sections'][]['title']");
                    foreach (var row in section?["rows"] as JsonArray ?? [])
                    {
                        rows++;
                        if (row?["id"]?.GetValue<string>() is not { Length: > 0 and <= 200 } || row["title"]?.GetValue<string>() is not { Length: > 0 and <= 24 })
                        {
                            return Invalid("Rows need an id (at most 200) and a title (at most 24 characters).");
                        }

                        if (row["description"]?.GetValue<string>() is { Length: > 72 }) return Invalid("Row descriptions must be at most 72 characters long.");
                    }
                }

                return rows is 0 or > 10 ? Invalid("A list message must have between 1 and 10 rows in total.") : null;
            case "cta_url":
                if (string.IsNullOrEmpty(body)) return Missing("interactive['body']['text']");
                if (action?.Str("name") != "cta_url") return Invalid("Param interactive['action']['name'] must be cta_url.");
                var parameters = action["parameters"];
                if (parameters?["display_text"]?.GetValue<string>() is not { Length: > 0 and <= 20 }) return Invalid("Param display_text is required and must be at most 20 characters long.");
                return Uri.TryCreate(parameters["url"]?.GetValue<string>(), UriKind.Absolute, out _) ? null : Invalid("Param url must be a valid URL.");
            case "flow" or "location_request_message" or "address_message" or "product" or "product_list" or "catalog_message" or "call_permission_request" or "voice_call" or "carousel":
                return action is null ? Missing("interactive['action']") : null;
            default:
                return Invalid($"Param interactive['type'] must be one of button, list, cta_url, flow, location_request_message, product, product_list - got \"{kind}\".");
        }
    }

    private static bool IsNumber(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out _),
        _ => false,
    };
}
