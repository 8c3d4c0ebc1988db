using System.Text.Json;
using System.Text.Json.Serialization;

namespace WabaGate.Graph.Templates;

/// <summary>A message template as <c>GET /{waba_id}/message_templates</c> returns it.</summary>
public sealed record MessageTemplate
{
    public required string Id { get; init; }
    public required string Name { get; init; }
    public string? Language { get; init; }

    /// <summary><c>APPROVED</c>, <c>PENDING</c>, <c>REJECTED</c>, <c>PAUSED</c>, <c>DISABLED</c>…</summary>
    public string? Status { get; init; }

    /// <summary><c>MARKETING</c>, <c>UTILITY</c>, <c>AUTHENTICATION</c>.</summary>
    public string? Category { get; init; }

    /// <summary><c>POSITIONAL</c> or <c>NAMED</c>.</summary>
    public string? ParameterFormat { get; init; }

    public IReadOnlyList<TemplateComponentDefinition> Components { get; init; } = [];
    public string? SubCategory { get; init; }
    public string? PreviousCategory { get; init; }
    public string? CorrectCategory { get; init; }
    public string? RejectedReason { get; init; }
    public TemplateQualityScore? QualityScore { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A template's quality score.</summary>
public sealed record TemplateQualityScore(string? Score, long? Date = null);

/// <summary>A template component definition (<c>HEADER</c>, <c>BODY</c>, <c>FOOTER</c>, <c>BUTTONS</c>).</summary>
public sealed record TemplateComponentDefinition
{
    public required string Type { get; init; }

    /// <summary>Header format: <c>TEXT</c>, <c>IMAGE</c>, <c>VIDEO</c>, <c>DOCUMENT</c>, <c>LOCATION</c>.</summary>
    public string? Format { get; init; }

    public string? Text { get; init; }

    /// <summary>Examples (<c>body_text</c>, <c>header_handle</c>, <c>body_text_named_params</c>…) kept as Meta's JSON.</summary>
    public JsonElement? Example { get; init; }

    public IReadOnlyList<TemplateButtonDefinition>? Buttons { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>A template button definition.</summary>
public sealed record TemplateButtonDefinition
{
    /// <summary><c>QUICK_REPLY</c>, <c>URL</c>, <c>PHONE_NUMBER</c>, <c>COPY_CODE</c>, <c>OTP</c>, <c>FLOW</c>…</summary>
    public required string Type { get; init; }

    public string? Text { get; init; }
    public string? Url { get; init; }
    public string? PhoneNumber { get; init; }
    public string? OtpType { get; init; }

    /// <summary>A list of strings for URL buttons; other shapes for other types.</summary>
    public JsonElement? Example { get; init; }

    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}
