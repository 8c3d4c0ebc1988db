using Microsoft.AspNetCore.Authorization;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Cli;

namespace WabaGate.Server.Features.Tenancy;

internal static class TenancyPolicies
{
    /// <summary>Owner or Admin of the caller's organization.</summary>
    public const string OrgAdmin = "org-admin";
}

internal static class TenancyServiceCollectionExtensions
{
    /// <summary>Organizations, API keys, web users and sign-in, the sandbox's demo organization and <c>admin create-org</c>.</summary>
    public static IServiceCollection AddTenancy(this IServiceCollection services)
    {
        services.AddScoped<OrganizationService>();
        services.AddScoped<SystemQueries>();
        services.AddSingleton<ApiKeyCache>();

        services.AddGatewayAuthentication();
        services.AddUserAccounts();
        services.AddAuthorizationBuilder()
            .SetDefaultPolicy(new AuthorizationPolicyBuilder()
                .RequireAuthenticatedUser().RequireClaim(Caller.OrgIdClaim).Build())
            .AddPolicy(TenancyPolicies.OrgAdmin, p => p.RequireClaim(Caller.OrgIdClaim).RequireRole(nameof(OrgRole.Owner), nameof(OrgRole.Admin)));

        services.AddOptions<SandboxOptions>()
            .BindConfiguration(SandboxOptions.Section)
            .Validate(o => SandboxOptions.ValidateApiKey(o.ApiKey) is null, SandboxOptions.ApiKeyRule)
            .ValidateOnStart();
        services.AddSingleton<SandboxBootstrap>();
        services.AddCliCommand<CreateOrganizationCommand>();
        return services;
    }

    /// <summary>Sandbox mode only: creates the demo organization on first start (see <see cref="SandboxBootstrap"/>).</summary>
    public static Task BootstrapSandboxAsync(this WebApplication app)
        => app.Services.GetRequiredService<SandboxBootstrap>().RunAsync(app.Lifetime.ApplicationStopping);
}
