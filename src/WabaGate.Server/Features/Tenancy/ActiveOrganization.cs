namespace WabaGate.Server.Features.Tenancy;

/// <summary>
/// Which of a user's organizations the web UI acts for, remembered in a cookie of its own (the session cookie's claims
/// are rebuilt from memberships every minute, and this choice must survive that). It only names a preference: the
/// membership is checked each time the claims are built, so a stale or forged value falls back to the oldest one.
/// </summary>
internal static class ActiveOrganization
{
    public const string CookieName = "wg.org";

    /// <summary>The choice made in this request (see <see cref="Choose"/>), else the cookie's.</summary>
    public static Guid? Chosen(HttpContext? context)
        => context?.Items[CookieName] is Guid chosen ? chosen
            : context?.Request.Cookies[CookieName] is { } value && Guid.TryParse(value, out var orgId) ? orgId : null;

    public static void Choose(HttpContext context, Guid orgId)
    {
        context.Items[CookieName] = orgId;
        context.Response.Cookies.Append(CookieName, orgId.ToString("D"), new CookieOptions
        {
            HttpOnly = true,
            Secure = context.Request.IsHttps,
            SameSite = SameSiteMode.Lax,
            IsEssential = true,
            MaxAge = TimeSpan.FromDays(365),
        });
    }
}
