using Microsoft.AspNetCore.Identity;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>
/// Cross-site request forgery rule for the JSON API: an unsafe request (POST, PUT, PATCH, DELETE) under
/// <c>/api/</c> that is authenticated by the session cookie must carry an <c>X-Requested-With</c> header (any
/// value). Browsers let no other site add custom headers without a CORS preflight, which WabaGate never
/// grants, so a forged form or image cannot pass; API-key callers are not affected. Razor forms use the
/// framework's antiforgery tokens instead.
/// </summary>
internal static class CookieApiRequestGuard
{
    public const string HeaderName = "X-Requested-With";

    public static IApplicationBuilder UseCookieApiRequestGuard(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        if (IsBlocked(context))
        {
            await Results.Problem(
                statusCode: StatusCodes.Status403Forbidden,
                title: "Missing request header",
                detail: $"Requests made with the session cookie must send the {HeaderName} header.",
                extensions: new Dictionary<string, object?> { ["code"] = "csrf_header_required" }).ExecuteAsync(context);
            return;
        }

        await next(context);
    });

    private static bool IsBlocked(HttpContext context)
        => GatewayAuthentication.IsApiRequest(context.Request)
            && !(HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method) || HttpMethods.IsOptions(context.Request.Method))
            && context.User.Identity is { IsAuthenticated: true, AuthenticationType: var type } && type == IdentityConstants.ApplicationScheme
            && string.IsNullOrWhiteSpace(context.Request.Headers[HeaderName]);
}
