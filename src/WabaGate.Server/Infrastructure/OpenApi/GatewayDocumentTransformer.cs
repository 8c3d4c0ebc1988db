using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace WabaGate.Server.Infrastructure.OpenApi;

/// <summary>Title and version, the <c>wg_</c> bearer scheme, the problem schema and a problem <c>default</c> response on every operation.</summary>
internal sealed class GatewayDocumentTransformer : IOpenApiDocumentTransformer
{
    public const string SecuritySchemeName = "ApiKey";
    public const string ProblemSchemaName = "Problem";
    private const string ProblemContentType = "application/problem+json";

    public Task TransformAsync(OpenApiDocument document, OpenApiDocumentTransformerContext context, CancellationToken cancellationToken)
    {
        document.Info = new OpenApiInfo
        {
            Title = "WabaGate API",
            Version = "v1",
            Description = "Multi-tenant gateway to the WhatsApp Business Platform (Meta Cloud API). Errors are RFC 9457 problem details with a stable `code`.",
        };
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[SecuritySchemeName] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            BearerFormat = "wg_ API key",
            Description = "An organization's API key: `Authorization: Bearer wg_...`.",
        };
        document.Components.Schemas ??= new Dictionary<string, IOpenApiSchema>();
        document.Components.Schemas[ProblemSchemaName] = ProblemSchema();

        foreach (var operation in document.Paths.Values.SelectMany(p => p.Operations?.Values ?? Enumerable.Empty<OpenApiOperation>()))
        {
            operation.Responses ??= [];
            operation.Responses.TryAdd("default", new OpenApiResponse
            {
                Description = "Error: a problem details document with a stable `code`.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    [ProblemContentType] = new() { Schema = new OpenApiSchemaReference(ProblemSchemaName, document) },
                },
            });
        }

        return Task.CompletedTask;
    }

    private static OpenApiSchema ProblemSchema() => new()
    {
        Type = JsonSchemaType.Object,
        Description = "RFC 9457 problem details.",
        Required = new HashSet<string> { "status", "code", "detail" },
        Properties = new Dictionary<string, IOpenApiSchema>
        {
            ["type"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["title"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["status"] = new OpenApiSchema { Type = JsonSchemaType.Integer },
            ["detail"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["instance"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["code"] = new OpenApiSchema { Type = JsonSchemaType.String, Description = "Stable snake_case error code." },
            ["traceId"] = new OpenApiSchema { Type = JsonSchemaType.String },
            ["errors"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Validation messages by field.",
                AdditionalProperties = new OpenApiSchema { Type = JsonSchemaType.Array, Items = new OpenApiSchema { Type = JsonSchemaType.String } },
            },
            ["meta"] = new OpenApiSchema
            {
                Type = JsonSchemaType.Object,
                Description = "Meta's error, when Meta caused the failure.",
                Properties = new Dictionary<string, IOpenApiSchema>
                {
                    ["code"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null },
                    ["subcode"] = new OpenApiSchema { Type = JsonSchemaType.Integer | JsonSchemaType.Null },
                    ["fbtraceId"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                    ["message"] = new OpenApiSchema { Type = JsonSchemaType.String | JsonSchemaType.Null },
                },
            },
        },
    };
}
