using System.Text.Json;
using System.Text.RegularExpressions;

namespace WabaGate.Server.Features.Templates;

/// <summary>
/// Meta's template rules, checked before a submission reaches Meta so the obvious rejections come back at once
/// with the field that is wrong: the name (lowercase letters, digits, underscores, at most 512), the category, the
/// language code, one body of at most 1024 characters, a header text of at most 60 characters with at most one
/// variable, a footer of at most 60 characters without variables, buttons (at most 10; labels of at most 25; at
/// most 2 URL and 1 phone-number buttons; a URL's variable only at its end), variables numbered
/// <c>{{1}}…{{n}}</c> without gaps (or lowercase names for <c>named</c> templates), never at the very start or end
/// of the body nor next to each other, and an example for every variable.
/// </summary>
internal static partial class TemplateValidator
{
    public const int MaxNameLength = 512;
    public const int MaxBodyLength = 1024;
    public const int MaxHeaderLength = 60;
    public const int MaxFooterLength = 60;
    public const int MaxButtonTextLength = 25;
    public const int MaxButtons = 10;

    private static readonly string[] Categories = ["UTILITY", "MARKETING", "AUTHENTICATION"];
    private static readonly string[] HeaderFormats = ["TEXT", "IMAGE", "VIDEO", "DOCUMENT", "LOCATION"];
    private static readonly string[] ButtonTypes = ["QUICK_REPLY", "URL", "PHONE_NUMBER", "COPY_CODE", "OTP", "FLOW", "CATALOG", "MPM"];

    /// <summary>Field errors (camelCase paths such as <c>components[1].text</c>); empty when the template may be submitted.</summary>
    public static Dictionary<string, string[]> Validate(SubmitTemplateRequest request)
    {
        var errors = new Errors();
        if (request.ConnectionId is null)
        {
            errors.Add("connectionId", "Give the connection whose WhatsApp Business Account gets the template.");
        }

        if (string.IsNullOrEmpty(request.Name) || request.Name.Length > MaxNameLength || !NamePattern().IsMatch(request.Name))
        {
            errors.Add("name", $"Use 1 to {MaxNameLength} lowercase letters, digits and underscores (e.g. order_update).");
        }

        if (request.Category is null || !Categories.Contains(request.Category.ToUpperInvariant()))
        {
            errors.Add("category", "Use UTILITY, MARKETING or AUTHENTICATION.");
        }

        if (request.Language is null || !LanguagePattern().IsMatch(request.Language))
        {
            errors.Add("language", "Use a language code Meta knows, such as en, en_US or pt_BR.");
        }

        var named = false;
        if (request.ParameterFormat is { } format)
        {
            named = string.Equals(format, "named", StringComparison.OrdinalIgnoreCase);
            if (!named && !string.Equals(format, "positional", StringComparison.OrdinalIgnoreCase))
            {
                errors.Add("parameterFormat", "Use positional (variables {{1}}, {{2}}…) or named (variables {{first_name}}…).");
            }
        }

        var authentication = string.Equals(request.Category, "AUTHENTICATION", StringComparison.OrdinalIgnoreCase);
        if (request.Components is not { ValueKind: JsonValueKind.Array } components)
        {
            errors.Add("components", "Give the template's components: an array with at least a BODY.");
            return errors.ToDictionary();
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var component in components.EnumerateArray())
        {
            var path = $"components[{index++}]";
            var type = TemplateShape.Upper(component, "type");
            if (type is null || !(type is "HEADER" or "BODY" or "FOOTER" or "BUTTONS"))
            {
                errors.Add(path + ".type", "Use HEADER, BODY, FOOTER or BUTTONS.");
                continue;
            }

            if (!seen.Add(type))
            {
                errors.Add(path + ".type", $"A template has at most one {type}.");
                continue;
            }

            switch (type)
            {
                case "BODY":
                    Body(component, path, named, authentication, errors);
                    break;
                case "HEADER":
                    Header(component, path, named, errors);
                    break;
                case "FOOTER":
                    Footer(component, path, errors);
                    break;
                default:
                    Buttons(component, path, authentication, errors);
                    break;
            }
        }

        if (!seen.Contains("BODY") && !authentication)
        {
            errors.Add("components", "A template needs a BODY component.");
        }

        return errors.ToDictionary();
    }

    private static void Body(JsonElement component, string path, bool named, bool authentication, Errors errors)
    {
        var text = TemplateShape.Str(component, "text");
        if (string.IsNullOrWhiteSpace(text))
        {
            if (!authentication)
            {
                errors.Add(path + ".text", "The body needs text.");
            }

            return;
        }

        if (text.Length > MaxBodyLength)
        {
            errors.Add(path + ".text", $"The body has {text.Length} characters; Meta allows {MaxBodyLength}.");
        }

        var variables = Variables(text, path + ".text", named, errors);
        if (variables.Count == 0)
        {
            return;
        }

        var trimmed = text.Trim();
        if (trimmed.StartsWith("{{", StringComparison.Ordinal) || trimmed.EndsWith("}}", StringComparison.Ordinal))
        {
            errors.Add(path + ".text", "Meta rejects a body that starts or ends with a variable; add text before and after.");
        }

        if (AdjacentPattern().IsMatch(text))
        {
            errors.Add(path + ".text", "Meta rejects variables next to each other; separate them with text.");
        }

        Examples(component, path, "body", variables, named, errors);
    }

    private static void Header(JsonElement component, string path, bool named, Errors errors)
    {
        var format = TemplateShape.Upper(component, "format");
        if (format is null || !HeaderFormats.Contains(format))
        {
            errors.Add(path + ".format", "Use TEXT, IMAGE, VIDEO, DOCUMENT or LOCATION.");
            return;
        }

        if (format == "TEXT")
        {
            var text = TemplateShape.Str(component, "text");
            if (string.IsNullOrWhiteSpace(text) || text.Length > MaxHeaderLength)
            {
                errors.Add(path + ".text", $"A text header needs 1 to {MaxHeaderLength} characters.");
                return;
            }

            var variables = Variables(text, path + ".text", named, errors);
            if (variables.Count > 1)
            {
                errors.Add(path + ".text", "A header has at most one variable.");
            }
            else if (variables.Count == 1)
            {
                Examples(component, path, "header", variables, named, errors);
            }
        }
        else if (format != "LOCATION"
            && !(Example(component) is { } example && example.TryGetProperty("header_handle", out var handle)
                 && handle.ValueKind == JsonValueKind.Array && handle.GetArrayLength() > 0))
        {
            errors.Add(path + ".example.header_handle", $"A {format} header needs an example: a header_handle from Meta's resumable upload.");
        }
    }

    private static void Footer(JsonElement component, string path, Errors errors)
    {
        var text = TemplateShape.Str(component, "text");
        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxFooterLength)
        {
            errors.Add(path + ".text", $"A footer needs 1 to {MaxFooterLength} characters.");
        }
        else if (TemplatePlaceholders.Of(text).Count > 0)
        {
            errors.Add(path + ".text", "A footer cannot have variables.");
        }
    }

    private static void Buttons(JsonElement component, string path, bool authentication, Errors errors)
    {
        if (!component.TryGetProperty("buttons", out var buttons) || buttons.ValueKind != JsonValueKind.Array || buttons.GetArrayLength() is 0 or > MaxButtons)
        {
            errors.Add(path + ".buttons", $"Give 1 to {MaxButtons} buttons.");
            return;
        }

        var (urls, phones, i) = (0, 0, 0);
        foreach (var button in buttons.EnumerateArray())
        {
            var at = $"{path}.buttons[{i++}]";
            var type = TemplateShape.Upper(button, "type");
            if (type is null || !ButtonTypes.Contains(type))
            {
                errors.Add(at + ".type", "Use QUICK_REPLY, URL, PHONE_NUMBER, COPY_CODE, OTP, FLOW, CATALOG or MPM.");
                continue;
            }

            var text = TemplateShape.Str(button, "text");
            if (type is not ("OTP" or "COPY_CODE") && (string.IsNullOrWhiteSpace(text) || text.Length > MaxButtonTextLength))
            {
                errors.Add(at + ".text", $"A button label needs 1 to {MaxButtonTextLength} characters.");
            }

            switch (type)
            {
                case "URL":
                    urls++;
                    Url(button, at, errors);
                    break;
                case "PHONE_NUMBER":
                    phones++;
                    if (TemplateShape.Str(button, "phone_number") is not { Length: > 0 and <= 20 })
                    {
                        errors.Add(at + ".phone_number", "A phone-number button needs the number to call (at most 20 characters, e.g. +15550783881).");
                    }

                    break;
                case "COPY_CODE":
                    if (Example(button) is not { ValueKind: JsonValueKind.String } code || code.GetString() is not { Length: > 0 and <= 15 })
                    {
                        errors.Add(at + ".example", "A copy-code button needs an example code of at most 15 characters.");
                    }

                    break;
                case "OTP" when !authentication:
                    errors.Add(at + ".type", "One-time-password buttons belong to AUTHENTICATION templates.");
                    break;
            }
        }

        if (urls > 2)
        {
            errors.Add(path + ".buttons", "A template has at most 2 URL buttons.");
        }

        if (phones > 1)
        {
            errors.Add(path + ".buttons", "A template has at most 1 phone-number button.");
        }
    }

    private static void Url(JsonElement button, string at, Errors errors)
    {
        var url = TemplateShape.Str(button, "url");
        if (url is null || !Uri.TryCreate(TemplatePlaceholders.Render(url, _ => "x"), UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            errors.Add(at + ".url", "A URL button needs an absolute http(s) URL.");
            return;
        }

        var variables = TemplatePlaceholders.Of(url);
        if (variables.Count == 0)
        {
            return;
        }

        if (variables is not ["1"] || !url.TrimEnd().EndsWith("}}", StringComparison.Ordinal))
        {
            errors.Add(at + ".url", "A URL button has at most one variable, {{1}}, at the end of the URL.");
        }
        else if (Example(button) is not { ValueKind: JsonValueKind.Array } example || example.GetArrayLength() != 1 || example[0].ValueKind != JsonValueKind.String)
        {
            errors.Add(at + ".example", "A URL with a variable needs an example: the full URL, e.g. [\"https://example.com/t/123\"].");
        }
    }

    /// <summary>The text's variables, checked for the template's parameter format and numbering.</summary>
    private static IReadOnlyList<string> Variables(string text, string path, bool named, Errors errors)
    {
        var variables = TemplatePlaceholders.Of(text);
        if (text.Replace("{{", string.Empty, StringComparison.Ordinal).Length != text.Length - (TemplatePlaceholders.Matches(text).Count * 2))
        {
            errors.Add(path, "Write variables as {{1}} (or {{name}} for named templates) — a '{{' here is not a valid variable.");
        }

        if (variables.Count == 0)
        {
            return variables;
        }

        if (named)
        {
            if (variables.FirstOrDefault(v => !NamedPattern().IsMatch(v)) is { } bad)
            {
                errors.Add(path, $"Named variables use lowercase letters, digits and underscores and start with a letter; '{{{{{bad}}}}}' does not.");
            }

            return variables;
        }

        if (variables.Any(v => !TemplatePlaceholders.IsPositional(v)))
        {
            errors.Add(path, "Positional templates number their variables {{1}}, {{2}}…; set parameterFormat to named for {{name}} variables.");
            return variables;
        }

        var numbers = variables.Select(v => int.Parse(v, System.Globalization.CultureInfo.InvariantCulture)).Order().ToList();
        if (numbers.Where((n, i) => n != i + 1).Any())
        {
            errors.Add(path, $"Variables must be numbered {{{{1}}}} to {{{{{numbers.Count}}}}} without gaps; found {string.Join(", ", numbers.Select(n => "{{" + n + "}}"))}.");
        }

        return [.. numbers.Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))];
    }

    /// <summary>Every variable needs an example: <c>body_text: [[…]]</c> / <c>header_text: […]</c>, or the <c>_named_params</c> lists.</summary>
    private static void Examples(JsonElement component, string path, string part, IReadOnlyList<string> variables, bool named, Errors errors)
    {
        var example = Example(component);
        var at = $"{path}.example";
        if (named)
        {
            var key = $"{part}_text_named_params";
            var given = example is { } e && e.TryGetProperty(key, out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Where(p => TemplateShape.Str(p, "example") is { Length: > 0 }).Select(p => TemplateShape.Str(p, "param_name")).OfType<string>().ToHashSet(StringComparer.Ordinal)
                : [];
            if (variables.Where(v => !given.Contains(v)).ToList() is { Count: > 0 } missing)
            {
                errors.Add($"{at}.{key}", $"Give an example for every variable ({{param_name, example}}); missing: {string.Join(", ", missing)}.");
            }

            return;
        }

        var values = part == "body"
            ? example is { } b && b.TryGetProperty("body_text", out var rows) && rows.ValueKind == JsonValueKind.Array && rows.GetArrayLength() > 0 && rows[0].ValueKind == JsonValueKind.Array ? rows[0] : (JsonElement?)null
            : example is { } h && h.TryGetProperty("header_text", out var header) && header.ValueKind == JsonValueKind.Array ? header : null;
        var count = values?.EnumerateArray().Count(v => v.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(v.GetString())) ?? 0;
        if (count != variables.Count || values?.GetArrayLength() != variables.Count)
        {
            var shape = part == "body" ? "body_text: [[\"…\", …]]" : "header_text: [\"…\"]";
            errors.Add($"{at}.{part}_text", $"Give one non-empty example per variable ({variables.Count}) as {shape}; {count} given.");
        }
    }

    private static JsonElement? Example(JsonElement element)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty("example", out var example) ? example : null;

    [GeneratedRegex("^[a-z0-9_]+$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("^[a-z]{2,3}(_[A-Z]{2}|_[A-Z][a-z]{3})?$")]
    private static partial Regex LanguagePattern();

    [GeneratedRegex("^[a-z][a-z0-9_]*$")]
    private static partial Regex NamedPattern();

    [GeneratedRegex(@"\}\}\s*\{\{")]
    private static partial Regex AdjacentPattern();

    private sealed class Errors
    {
        private readonly Dictionary<string, List<string>> byField = new(StringComparer.Ordinal);

        public void Add(string field, string message)
        {
            if (!byField.TryGetValue(field, out var list))
            {
                byField[field] = list = [];
            }

            list.Add(message);
        }

        public Dictionary<string, string[]> ToDictionary() => byField.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }
}
