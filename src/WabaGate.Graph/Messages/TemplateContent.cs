namespace WabaGate.Graph.Messages;

/// <summary><c>template</c> of a template message.</summary>
public sealed record TemplateContent
{
    public required string Name { get; init; }
    public required TemplateLanguage Language { get; init; }
    public IReadOnlyList<TemplateComponent>? Components { get; init; }

    public static TemplateContent Create(string name, string languageCode, params IReadOnlyList<TemplateComponent> components) =>
        new() { Name = name, Language = new TemplateLanguage(languageCode), Components = components.Count == 0 ? null : components };
}

/// <summary>The template translation to send (<c>en_US</c>, <c>pt_BR</c>…); <see cref="Policy"/> is legacy and optional.</summary>
public sealed record TemplateLanguage(string Code, string? Policy = null);

/// <summary>Parameters for one template component (<c>header</c>, <c>body</c> or <c>button</c>).</summary>
public sealed record TemplateComponent
{
    public required string Type { get; init; }

    /// <summary>Buttons only: <c>url</c>, <c>quick_reply</c>, <c>copy_code</c>, <c>flow</c>, <c>catalog</c>, <c>mpm</c>.</summary>
    public string? SubType { get; init; }

    /// <summary>Buttons only: the 0-based button position, as a string like Meta's examples.</summary>
    public string? Index { get; init; }

    public IReadOnlyList<TemplateParameter>? Parameters { get; init; }

    public static TemplateComponent Header(params IReadOnlyList<TemplateParameter> parameters) => new() { Type = "header", Parameters = parameters };
    public static TemplateComponent Body(params IReadOnlyList<TemplateParameter> parameters) => new() { Type = "body", Parameters = parameters };

    public static TemplateComponent Button(string subType, int index, params IReadOnlyList<TemplateParameter> parameters) =>
        new() { Type = "button", SubType = subType, Index = index.ToString(System.Globalization.CultureInfo.InvariantCulture), Parameters = parameters };
}
