using System.Text.Json;

namespace WabaGate.Server.Features.Templates;

/// <summary>The parts of a template that parameters are fitted to, read from Meta's components JSON.</summary>
internal sealed record TemplateShape(
    string Name,
    string Language,
    bool Named,
    TemplateHeaderShape? Header,
    string Body,
    string? Footer,
    IReadOnlyList<TemplateButtonShape> Buttons)
{
    public static TemplateShape Parse(string name, string language, string? parameterFormat, string componentsJson)
    {
        using var document = JsonDocument.Parse(componentsJson);
        TemplateHeaderShape? header = null;
        string body = string.Empty;
        string? footer = null;
        var buttons = new List<TemplateButtonShape>();
        if (document.RootElement.ValueKind == JsonValueKind.Array)
        {
            foreach (var component in document.RootElement.EnumerateArray())
            {
                switch (Upper(component, "type"))
                {
                    case "HEADER":
                        header = new TemplateHeaderShape(Upper(component, "format") ?? "TEXT", Str(component, "text"));
                        break;
                    case "BODY":
                        body = Str(component, "text") ?? string.Empty;
                        break;
                    case "FOOTER":
                        footer = Str(component, "text");
                        break;
                    case "BUTTONS" when component.TryGetProperty("buttons", out var list) && list.ValueKind == JsonValueKind.Array:
                        buttons.AddRange(list.EnumerateArray().Select((b, i) => new TemplateButtonShape(
                            i, Upper(b, "type") ?? "QUICK_REPLY", Str(b, "text") ?? string.Empty, Str(b, "url"), Str(b, "phone_number"), Upper(b, "otp_type"))));
                        break;
                }
            }
        }

        return new TemplateShape(name, language, string.Equals(parameterFormat, "NAMED", StringComparison.OrdinalIgnoreCase), header, body, footer, buttons);
    }

    internal static string? Str(JsonElement element, string property)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    internal static string? Upper(JsonElement element, string property) => Str(element, property)?.ToUpperInvariant();
}

/// <summary>A header: <c>TEXT</c> (with at most one variable), <c>IMAGE</c>, <c>VIDEO</c>, <c>DOCUMENT</c> or <c>LOCATION</c>.</summary>
internal sealed record TemplateHeaderShape(string Format, string? Text)
{
    public bool IsMedia => Format is "IMAGE" or "VIDEO" or "DOCUMENT";
}

/// <summary>A button at <see cref="Index"/> (its 0-based position, which Meta's send payload refers to).</summary>
internal sealed record TemplateButtonShape(int Index, string Type, string Text, string? Url, string? PhoneNumber, string? OtpType)
{
    /// <summary>Whether a send must give this button a parameter: a URL with a variable, a copy-code or a one-time-password button.</summary>
    public bool NeedsParameter => Type switch
    {
        "URL" => TemplatePlaceholders.Of(Url).Count > 0,
        "COPY_CODE" or "OTP" => true,
        _ => false,
    };
}
