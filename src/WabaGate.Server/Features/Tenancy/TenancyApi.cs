using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure;

namespace WabaGate.Server.Features.Tenancy;

internal static class TenancyApi
{
    public static RouteGroupBuilder MapTenancy(this RouteGroupBuilder api)
    {
        api.MapGet("/me", GetMe).WithName("GetMe").WithSummary("The caller's organization, role and the gateway's mode.");

        var keys = api.MapGroup("/api-keys").WithTags("API keys").RequireAuthorization(TenancyPolicies.OrgAdmin);
        keys.MapPost("/", CreateKey).WithSummary("Create an API key; its secret is shown once.");
        keys.MapGet("/", ListKeys).WithSummary("List the organization's API keys (never their secrets).");
        keys.MapDelete("/{id:guid}", RevokeKey).WithSummary("Revoke an API key.");
        return api;
    }

    private static async Task<Ok<MeResponse>> GetMe(ClaimsPrincipal principal, OrganizationService organizations, IServiceProvider services, CancellationToken ct)
    {
        var caller = Caller.From(principal);
        var org = await organizations.CurrentAsync(ct) ?? throw new InvalidOperationException("The caller's organization is gone.");
        var mode = services.GatewayOptions().IsSandbox ? "sandbox" : "production";
        return TypedResults.Ok(new MeResponse(
            new OrganizationDto(org.Id, org.Name, org.CreatedAt), caller.Role.ToString(), mode,
            caller.ApiKeyId is null ? "user" : "api_key", caller.ApiKeyId, caller.UserId));
    }

    private static async Task<Created<CreatedApiKeyResponse>> CreateKey(CreateApiKeyRequest request, ClaimsPrincipal principal, OrganizationService organizations, CancellationToken ct)
    {
        var caller = Caller.From(principal);
        var name = string.IsNullOrWhiteSpace(request.Name) ? "API key" : request.Name;
        var (key, secret) = await organizations.CreateApiKeyAsync(name, request.Role ?? OrgRole.Admin, caller.UserId, ct);
        return TypedResults.Created($"/api/v1/api-keys/{key.Id}",
            new CreatedApiKeyResponse(key.Id, key.Name, key.Prefix, key.Role.ToString(), key.CreatedAt, secret));
    }

    private static async Task<Ok<ItemsResponse<ApiKeyDto>>> ListKeys(OrganizationService organizations, CancellationToken ct)
    {
        var keys = await organizations.ListApiKeysAsync(ct);
        return TypedResults.Ok(new ItemsResponse<ApiKeyDto>(keys.Select(ApiKeyDto.From).ToList(), null));
    }

    private static async Task<Results<NoContent, NotFound>> RevokeKey(Guid id, OrganizationService organizations, CancellationToken ct)
        => await organizations.RevokeApiKeyAsync(id, ct) ? TypedResults.NoContent() : TypedResults.NotFound();
}
