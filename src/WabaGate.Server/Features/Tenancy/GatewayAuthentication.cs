using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>
/// The default authentication scheme: a policy scheme that sends <c>Authorization: Bearer …</c> to the API-key
/// handler and everything else to the web UI's cookie. So one endpoint serves scripts and the browser alike.
/// </summary>
internal static class GatewayAuthentication
{
    public const string Scheme = "ApiKeyOrCookie";

    public static AuthenticationBuilder AddGatewayAuthentication(this IServiceCollection services)
    {
        var builder = services.AddAuthentication(options =>
        {
            options.DefaultScheme = Scheme;
            options.DefaultChallengeScheme = Scheme;
            options.DefaultForbidScheme = Scheme;
        });

        builder.AddPolicyScheme(Scheme, "API key or session cookie", options =>
            options.ForwardDefaultSelector = context => HasBearer(context.Request)
                ? ApiKeyAuthenticationHandler.SchemeName
                : IdentityConstants.ApplicationScheme);
        builder.AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        builder.AddIdentityCookies();
        return builder;
    }

    public static bool IsApiRequest(HttpRequest request) => request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase);

    private static bool HasBearer(HttpRequest request)
        => request.Headers.Authorization.ToString().StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase);
}
