using Microsoft.AspNetCore.Authentication;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Tenancy;

internal static class TenancyPolicies
{
    /// <summary>Owner or Admin of the caller's organization.</summary>
    public const string OrgAdmin = "org-admin";
}

internal static class TenancyServiceCollectionExtensions
{
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddScoped<OrganizationService>();
        services.AddScoped<SystemQueries>();

        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);

        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new Microsoft.AspNetCore.Authorization.AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser().RequireClaim(Caller.OrgIdClaim).Build())
            .AddPolicy(TenancyPolicies.OrgAdmin, p => p.RequireClaim(Caller.OrgIdClaim).RequireRole(nameof(OrgRole.Owner), nameof(OrgRole.Admin)));
        return services;
    }
}
