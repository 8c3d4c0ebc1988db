using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Graph;

/// <summary>Template sends: the template must exist approved in that language (132001, 132015, 132016) and the parameters must fit (132000).</summary>
internal static partial class TemplateSendCheck
{
    public static (SimTemplate? Template, GraphError? Error) Check(JsonObject request, SimulatorState state, SimPhoneNumber phone)
    {
        if (request["template"] is not JsonObject t) return (null, GraphErrors.MissingParameter("The parameter template is required."));
        var name = t.Str("name");
        var language = t["language"]?["code"]?.GetValue<string>() ?? t.Str("language");
        if (string.IsNullOrEmpty(name)) return (null, GraphErrors.MissingParameter("The parameter template['name'] is required."));
        if (string.IsNullOrEmpty(language)) return (null, GraphErrors.MissingParameter("The parameter template['language']['code'] is required."));
        lock (state.Gate)
        {
            var template = state.TemplatesOf(phone.WabaId).Find(x => x.Name == name && x.Language == language);
            switch (template?.Status)
            {
                case null or "PENDING" or "REJECTED" or "DELETED" or "PENDING_DELETION" or "IN_APPEAL":
                    return (null, GraphErrors.WhatsApp(132001, "Template name does not exist in the translation", $"template name ({name}) does not exist in {language}", 404));
                case "PAUSED":
                    return (null, GraphErrors.WhatsApp(132015, "Template is Paused", $"Template {name} is paused due to low quality."));
                case "DISABLED":
                    return (null, GraphErrors.WhatsApp(132016, "Template is disabled", $"Template {name} has been disabled."));
            }

            var error = Parameters(template, t["components"] as JsonArray ?? []);
            return error is null ? (template, null) : (null, error);
        }
    }

    private static GraphError? Parameters(SimTemplate template, JsonArray sent)
    {
        foreach (var component in template.Components)
        {
            var type = component?["type"]?.GetValue<string>()?.ToUpperInvariant();
            if (type == "BODY" || (type == "HEADER" && string.Equals(component?["format"]?.GetValue<string>(), "TEXT", StringComparison.OrdinalIgnoreCase)))
            {
                var expected = Placeholders(component?["text"]?.GetValue<string>());
                var given = Given(sent, type.ToLowerInvariant(), null);
                if (given.Count != expected.Count) return Mismatch(type.ToLowerInvariant(), given.Count, expected.Count);
                if (template.ParameterFormat == "NAMED")
                {
                    var names = given.Select(g => g?["parameter_name"]?.GetValue<string>()).ToHashSet(StringComparer.Ordinal);
                    if (!expected.All(names.Contains)) return GraphErrors.WhatsApp(132000, "Number of parameters does not match the expected number of params", $"{type.ToLowerInvariant()}: parameter names do not match the template's ({string.Join(", ", expected)})");
                }
            }
            else if (type == "HEADER")
            {
                var format = component?["format"]?.GetValue<string>()?.ToLowerInvariant();
                if (format is "image" or "video" or "document" or "location")
                {
                    var given = Given(sent, "header", null);
                    if (given.Count != 1 || given[0]?["type"]?.GetValue<string>() != format) return Mismatch("header", given.Count, 1);
                }
            }
            else if (type == "BUTTONS" && component?["buttons"] is JsonArray buttons)
            {
                for (var i = 0; i < buttons.Count; i++)
                {
                    var kind = buttons[i]?["type"]?.GetValue<string>()?.ToUpperInvariant();
                    var needs = kind switch
                    {
                        "URL" => Placeholders(buttons[i]?["url"]?.GetValue<string>()).Count > 0,
                        "COPY_CODE" or "OTP" => true,
                        _ => false,
                    };
                    if (needs && Given(sent, "button", i).Count != 1) return Mismatch($"button at index {i}", Given(sent, "button", i).Count, 1);
                }
            }
        }

        return null;
    }

    private static List<JsonNode?> Given(JsonArray sent, string type, int? index)
    {
        var result = new List<JsonNode?>();
        foreach (var c in sent)
        {
            if (!string.Equals(c?["type"]?.GetValue<string>(), type, StringComparison.OrdinalIgnoreCase)) continue;
            if (index is { } i && c?["index"]?.ToString() != i.ToString(System.Globalization.CultureInfo.InvariantCulture)) continue;
            result.AddRange(c?["parameters"] as JsonArray ?? []);
        }

        return result;
    }

    private static List<string> Placeholders(string? text) =>
        text is null ? [] : [.. PlaceholderPattern().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    private static GraphError Mismatch(string where, int given, int expected) =>
        GraphErrors.WhatsApp(132000, "Number of parameters does not match the expected number of params",
            $"{where}: number of localizable_params ({given}) does not match the expected number of params ({expected})");

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex PlaceholderPattern();
}
