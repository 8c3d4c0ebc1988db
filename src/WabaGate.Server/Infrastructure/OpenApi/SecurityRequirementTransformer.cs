using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace WabaGate.Server.Infrastructure.OpenApi;

/// <summary>Marks every operation that is not <c>.AllowAnonymous()</c> as requiring the <c>wg_</c> bearer key.</summary>
internal sealed class SecurityRequirementTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        var metadata = context.Description.ActionDescriptor.EndpointMetadata;
        if (metadata.OfType<IAllowAnonymous>().Any())
        {
            return Task.CompletedTask;
        }

        operation.Security ??= [];
        operation.Security.Add(new OpenApiSecurityRequirement
        {
            [new OpenApiSecuritySchemeReference(GatewayDocumentTransformer.SecuritySchemeName, context.Document)] = [],
        });
        return Task.CompletedTask;
    }
}
