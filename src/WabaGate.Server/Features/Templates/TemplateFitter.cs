using System.Globalization;
using System.Text.Json;
using WabaGate.Graph.Messages;

namespace WabaGate.Server.Features.Templates;

/// <summary>What a template looks like once its parameters are filled in.</summary>
public sealed record TemplatePreview(string? HeaderFormat, string? Header, string Body, string? Footer, IReadOnlyList<TemplatePreviewButton> Buttons);

/// <summary>A rendered button: its label and, for URL buttons, the final URL; <see cref="Value"/> is the parameter given.</summary>
public sealed record TemplatePreviewButton(int Index, string Type, string Text, string? Url, string? PhoneNumber, string? Value);

/// <summary>Either Meta's <see cref="Content"/> and its <see cref="Preview"/>, or the <see cref="Error"/> that makes the parameters not fit.</summary>
internal sealed record TemplateFit(TemplateContent? Content, TemplatePreview? Preview, string? Error);

/// <summary>
/// Fits the API's <c>template.parameters</c> to a template — the one place that knows how, shared by the send path
/// (<see cref="ITemplateCatalog"/>) and the preview endpoint, so a preview that renders is a send Meta accepts.
/// <list type="bullet">
/// <item><c>header</c>: for a text header with a variable, a string (or <c>[string]</c>, or <c>{name: value}</c> for
/// named templates); for media headers <c>{"mediaId": "&lt;WabaGate media id&gt;"}</c> or <c>{"link": "https://…", "filename"?}</c>
/// (a bare string is a link when it starts with http(s), else a WabaGate media id); for location headers
/// <c>{latitude, longitude, name?, address?}</c>.</item>
/// <item><c>body</c>: <c>["v1", "v2"]</c> for <c>{{1}}, {{2}}</c>; for named templates <c>{"first_name": "Ana"}</c> (an array
/// is taken in order of the variables' first appearance).</item>
/// <item><c>buttons</c>: strings fill the buttons that need a parameter in order (URL suffix, copy code, one-time
/// password); objects <c>{"index": 0, "text"|"payload"|"couponCode": "…"}</c> address a button by position, which
/// is also how a quick reply gets its optional payload.</item>
/// </list>
/// A WabaGate media id is left in the header parameter's <c>id</c> as the WabaGate id (a GUID; Meta's ids are
/// numeric): the sender swaps it for Meta's id when it uploads the media on first use.
/// </summary>
internal static class TemplateFitter
{
    private static readonly HashSet<string> Members = new(StringComparer.Ordinal) { "header", "body", "buttons" };

    public static TemplateFit Fit(TemplateShape template, JsonElement? parameters)
    {
        var given = parameters is { ValueKind: not (JsonValueKind.Undefined or JsonValueKind.Null) } p ? p : default;
        if (given.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
        {
            return Error("template.parameters must be an object like {\"body\": [...], \"header\": [...], \"buttons\": [...]}.");
        }

        if (given.ValueKind == JsonValueKind.Object && given.EnumerateObject().Select(m => m.Name).FirstOrDefault(n => !Members.Contains(n)) is { } unknown)
        {
            return Error($"template.parameters has an unknown member '{unknown}'; use header, body and buttons.");
        }

        var components = new List<TemplateComponent>();
        var header = FitHeader(template, Member(given, "header"), components, out var renderedHeader);
        if (header is not null)
        {
            return Error(header);
        }

        var bodyValues = new Dictionary<string, string>(StringComparer.Ordinal);
        var body = FitText("body", template.Body, template.Named, Member(given, "body"), bodyValues, components);
        if (body is not null)
        {
            return Error(body);
        }

        var buttons = FitButtons(template, Member(given, "buttons"), components, out var renderedButtons);
        if (buttons is not null)
        {
            return Error(buttons);
        }

        var preview = new TemplatePreview(
            template.Header?.Format,
            renderedHeader,
            TemplatePlaceholders.Render(template.Body, v => bodyValues.GetValueOrDefault(v)),
            template.Footer,
            renderedButtons);
        return new TemplateFit(TemplateContent.Create(template.Name, template.Language, components), preview, null);
    }

    private static string? FitHeader(TemplateShape template, JsonElement given, List<TemplateComponent> components, out string? rendered)
    {
        rendered = null;
        switch (template.Header)
        {
            case null:
                return Count(given) > 0 ? $"The template has no header; {Count(given)} header parameter(s) given." : null;
            case { Format: "TEXT" } text:
                var values = new Dictionary<string, string>(StringComparer.Ordinal);
                var error = FitText("header", text.Text ?? string.Empty, template.Named, given, values, components);
                rendered = TemplatePlaceholders.Render(text.Text ?? string.Empty, v => values.GetValueOrDefault(v));
                return error;
            case { IsMedia: true } media:
                var item = Single(given);
                if (item is not { } one)
                {
                    return $"The template's header is {media.Format}: give exactly one header parameter ({{\"mediaId\": \"…\"}} or {{\"link\": \"https://…\"}}); {Count(given)} given.";
                }

                var content = MediaOf(one, media.Format, out var mediaError);
                if (content is null)
                {
                    return mediaError;
                }

                components.Add(TemplateComponent.Header(media.Format switch
                {
                    "IMAGE" => TemplateParameter.FromImage(content),
                    "VIDEO" => TemplateParameter.FromVideo(content),
                    _ => TemplateParameter.FromDocument(content),
                }));
                rendered = $"[{media.Format}]";
                return null;
            case { Format: "LOCATION" }:
                if (Single(given) is not { ValueKind: JsonValueKind.Object } place
                    || !TryNumber(place, "latitude", out var latitude) || !TryNumber(place, "longitude", out var longitude))
                {
                    return "The template's header is LOCATION: give one header parameter {\"latitude\": …, \"longitude\": …, \"name\"?, \"address\"?}.";
                }

                var location = new LocationContent(latitude, longitude, TemplateShape.Str(place, "name"), TemplateShape.Str(place, "address"));
                components.Add(TemplateComponent.Header(TemplateParameter.FromLocation(location)));
                rendered = string.Join(", ", new[] { location.Name, location.Address }.Where(s => !string.IsNullOrEmpty(s))) is { Length: > 0 } where ? where : "[LOCATION]";
                return null;
            default:
                return Count(given) > 0 ? $"The template's {template.Header.Format} header takes no parameters." : null;
        }
    }

    /// <summary>Fits the variables of a text component; adds the component's parameters and fills <paramref name="values"/>.</summary>
    private static string? FitText(string where, string text, bool named, JsonElement given, Dictionary<string, string> values, List<TemplateComponent> components)
    {
        var variables = TemplatePlaceholders.Of(text);
        var parameters = new List<TemplateParameter>();
        if (given.ValueKind == JsonValueKind.Object)
        {
            if (!named)
            {
                return $"The template uses positional parameters: give {where} as an array of {variables.Count} string(s) for {Describe(variables)}.";
            }

            var missing = variables.Where(v => !given.TryGetProperty(v, out _)).ToList();
            var extra = given.EnumerateObject().Select(m => m.Name).Where(n => !variables.Contains(n)).ToList();
            if (missing.Count > 0 || extra.Count > 0)
            {
                return $"The template's {where} takes the named parameters {Describe(variables)}"
                    + (missing.Count > 0 ? $"; missing: {string.Join(", ", missing)}" : string.Empty)
                    + (extra.Count > 0 ? $"; unknown: {string.Join(", ", extra)}" : string.Empty) + ".";
            }

            foreach (var variable in variables)
            {
                if (Text(given.GetProperty(variable), $"{where}.{variable}", out var value) is { } error)
                {
                    return error;
                }

                values[variable] = value;
                parameters.Add(TemplateParameter.FromText(value, variable));
            }
        }
        else
        {
            var items = Items(given);
            if (items is null)
            {
                return $"template.parameters.{where} must be an array{(named ? " or an object" : string.Empty)}.";
            }

            if (items.Count != variables.Count)
            {
                return $"The template's {where} takes {variables.Count} parameter(s) ({Describe(variables)}); {items.Count} given.";
            }

            for (var i = 0; i < items.Count; i++)
            {
                if (Text(items[i], $"{where}[{i}]", out var value) is { } error)
                {
                    return error;
                }

                values[variables[i]] = value;
                parameters.Add(TemplateParameter.FromText(value, named ? variables[i] : null));
            }
        }

        if (parameters.Count > 0)
        {
            components.Add(where == "header" ? TemplateComponent.Header(parameters) : TemplateComponent.Body(parameters));
        }

        return null;
    }

    private static string? FitButtons(TemplateShape template, JsonElement given, List<TemplateComponent> components, out IReadOnlyList<TemplatePreviewButton> rendered)
    {
        var values = new Dictionary<int, string>();
        rendered = [];
        var items = Items(given);
        if (items is null)
        {
            return "template.parameters.buttons must be an array.";
        }

        var pending = new Queue<TemplateButtonShape>(template.Buttons.Where(b => b.NeedsParameter));
        foreach (var (item, i) in items.Select((item, i) => (item, i)))
        {
            TemplateButtonShape button;
            string? value;
            if (item.ValueKind == JsonValueKind.Object)
            {
                if (!item.TryGetProperty("index", out var indexElement) || !indexElement.TryGetInt32(out var index))
                {
                    return $"buttons[{i}] needs an integer index (the button's 0-based position).";
                }

                button = template.Buttons.FirstOrDefault(b => b.Index == index)!;
                if (button is null)
                {
                    return $"buttons[{i}]: the template has no button at index {index} (it has {template.Buttons.Count}).";
                }

                value = TemplateShape.Str(item, "text") ?? TemplateShape.Str(item, "payload") ?? TemplateShape.Str(item, "couponCode") ?? TemplateShape.Str(item, "value");
                if (!button.NeedsParameter && button.Type != "QUICK_REPLY")
                {
                    return $"buttons[{i}]: the {button.Type} button at index {index} takes no parameter.";
                }
            }
            else
            {
                if (!pending.TryDequeue(out button!))
                {
                    return $"The template's buttons take {template.Buttons.Count(b => b.NeedsParameter)} parameter(s); {items.Count} given.";
                }

                if (Text(item, $"buttons[{i}]", out var text) is { } error)
                {
                    return error;
                }

                value = text;
            }

            if (string.IsNullOrEmpty(value))
            {
                return $"buttons[{i}] needs a non-empty value for the {button.Type} button at index {button.Index}.";
            }

            if (!values.TryAdd(button.Index, value))
            {
                return $"buttons[{i}]: the button at index {button.Index} was given twice.";
            }
        }

        if (template.Buttons.FirstOrDefault(b => b.NeedsParameter && !values.ContainsKey(b.Index)) is { } missing)
        {
            return $"The {missing.Type} button at index {missing.Index} needs a parameter ({What(missing)}).";
        }

        foreach (var (index, value) in values.OrderBy(v => v.Key))
        {
            var button = template.Buttons[index];
            components.Add(button.Type switch
            {
                "URL" or "OTP" => TemplateComponent.Button("url", index, TemplateParameter.FromText(value)),
                "COPY_CODE" => TemplateComponent.Button("copy_code", index, TemplateParameter.FromCouponCode(value)),
                _ => TemplateComponent.Button("quick_reply", index, TemplateParameter.FromPayload(value)),
            });
        }

        rendered = [.. template.Buttons.Select(b => new TemplatePreviewButton(
            b.Index, b.Type, b.Text,
            b.Url is null ? null : TemplatePlaceholders.Render(b.Url, _ => values.GetValueOrDefault(b.Index)),
            b.PhoneNumber, values.GetValueOrDefault(b.Index)))];
        return null;
    }

    private static string What(TemplateButtonShape button) => button.Type switch
    {
        "URL" => "the URL suffix",
        "COPY_CODE" => "the code to copy",
        _ => "the one-time password",
    };

    private static Graph.Messages.MediaContent? MediaOf(JsonElement item, string format, out string? error)
    {
        error = null;
        if (item.ValueKind == JsonValueKind.String)
        {
            var text = item.GetString() ?? string.Empty;
            return IsLink(text) ? new Graph.Messages.MediaContent { Link = text } : MediaId(text, out error);
        }

        if (item.ValueKind != JsonValueKind.Object)
        {
            error = "The header parameter must be {\"mediaId\": \"…\"} or {\"link\": \"https://…\"}.";
            return null;
        }

        if (TemplateShape.Str(item, "type") is { } type && !string.Equals(type, format, StringComparison.OrdinalIgnoreCase))
        {
            error = $"The template's header is {format}; a {type} was given.";
            return null;
        }

        var filename = format == "DOCUMENT" ? TemplateShape.Str(item, "filename") : null;
        if (TemplateShape.Str(item, "link") is { } link)
        {
            if (!IsLink(link))
            {
                error = "The header's link must be an absolute http(s) URL.";
                return null;
            }

            return new Graph.Messages.MediaContent { Link = link, Filename = filename };
        }

        if (TemplateShape.Str(item, "mediaId") is { } id)
        {
            return MediaId(id, out error) is { } media ? media with { Filename = filename } : null;
        }

        error = "The header parameter needs mediaId (a WabaGate media id) or link.";
        return null;
    }

    private static Graph.Messages.MediaContent? MediaId(string id, out string? error)
    {
        error = Guid.TryParse(id, out _) ? null : "The header's mediaId must be a WabaGate media id (from POST /api/v1/media).";
        return error is null ? new Graph.Messages.MediaContent { Id = id } : null;
    }

    private static bool IsLink(string text)
        => Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp);

    private static string? Text(JsonElement element, string where, out string value)
    {
        value = element.ValueKind switch
        {
            JsonValueKind.String => element.GetString() ?? string.Empty,
            JsonValueKind.Number => element.GetRawText(),
            _ => string.Empty,
        };
        if (element.ValueKind is not (JsonValueKind.String or JsonValueKind.Number))
        {
            return $"template.parameters.{where} must be a string.";
        }

        return string.IsNullOrWhiteSpace(value) ? $"template.parameters.{where} must not be empty (Meta rejects empty parameters)." : null;
    }

    private static bool TryNumber(JsonElement element, string property, out double value)
    {
        value = 0;
        return element.TryGetProperty(property, out var number)
            && (number.ValueKind == JsonValueKind.Number ? number.TryGetDouble(out value)
                : number.ValueKind == JsonValueKind.String && double.TryParse(number.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value));
    }

    private static JsonElement Member(JsonElement parameters, string name)
        => parameters.ValueKind == JsonValueKind.Object && parameters.TryGetProperty(name, out var value) ? value : default;

    /// <summary>The items of an array, a single non-array value as one item, nothing for absent/null; null for other shapes.</summary>
    private static List<JsonElement>? Items(JsonElement given) => given.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => [],
        JsonValueKind.Array => [.. given.EnumerateArray()],
        JsonValueKind.String or JsonValueKind.Number => [given],
        _ => null,
    };

    private static JsonElement? Single(JsonElement given) => given.ValueKind switch
    {
        JsonValueKind.Array when given.GetArrayLength() == 1 => given[0],
        JsonValueKind.Object or JsonValueKind.String => given,
        _ => null,
    };

    private static int Count(JsonElement given) => given.ValueKind switch
    {
        JsonValueKind.Undefined or JsonValueKind.Null => 0,
        JsonValueKind.Array => given.GetArrayLength(),
        JsonValueKind.Object => given.EnumerateObject().Count(),
        _ => 1,
    };

    private static string Describe(IReadOnlyList<string> variables)
        => variables.Count == 0 ? "none" : string.Join(", ", variables.Select(v => "{{" + v + "}}"));

    private static TemplateFit Error(string detail) => new(null, null, detail);
}
