namespace WabaGate.Graph.Templates;

/// <summary>Body of <c>POST /{waba_id}/message_templates</c>.</summary>
public sealed record CreateTemplateRequest
{
    /// <summary>Lowercase letters, digits and underscores.</summary>
    public required string Name { get; init; }

    public required string Language { get; init; }
    public required string Category { get; init; }

    /// <summary><c>named</c> or <c>positional</c> (Meta's default).</summary>
    public string? ParameterFormat { get; init; }

    public bool? AllowCategoryChange { get; init; }
    public long? MessageSendTtlSeconds { get; init; }
    public required IReadOnlyList<TemplateComponentDefinition> Components { get; init; }
}

/// <summary>Response of template creation: <c>{id, status, category}</c>.</summary>
public sealed record CreateTemplateResponse(string Id, string? Status, string? Category);

/// <summary>Filters for listing templates; null members are not sent.</summary>
public sealed record TemplateQuery
{
    /// <summary>Page size (Graph's default is 25).</summary>
    public int? Limit { get; init; }

    /// <summary>Fields to return; null asks for the default set.</summary>
    public string? Fields { get; init; } =
        "id,name,language,status,category,parameter_format,components,sub_category,previous_category,correct_category,rejected_reason,quality_score";

    public string? Name { get; init; }
    public string? Status { get; init; }
    public string? Category { get; init; }
    public string? Language { get; init; }
}
