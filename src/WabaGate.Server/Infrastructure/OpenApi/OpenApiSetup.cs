namespace WabaGate.Server.Infrastructure.OpenApi;

/// <summary>
/// The OpenAPI document at <c>/openapi/v1.json</c>, generated from endpoint metadata. Features describe
/// their endpoints with <c>.WithTags()</c>, <c>.WithSummary()</c>, typed results and
/// <c>.ProducesProblem(status)</c>; every operation also gets a problem-details <c>default</c> response and,
/// unless <c>.AllowAnonymous()</c>, the <c>wg_</c> bearer key requirement.
/// </summary>
internal static class OpenApiSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddGatewayOpenApi(this IServiceCollection services)
        => services.AddOpenApi(DocumentName, o =>
        {
            o.AddDocumentTransformer<GatewayDocumentTransformer>();
            o.AddOperationTransformer<SecurityRequirementTransformer>();
        });

    public static IEndpointRouteBuilder MapGatewayOpenApi(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        return endpoints;
    }
}
