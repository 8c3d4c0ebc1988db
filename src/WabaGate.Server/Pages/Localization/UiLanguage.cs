using StringWithQualityHeaderValue = Microsoft.Net.Http.Headers.StringWithQualityHeaderValue;

namespace WabaGate.Server.Pages.Localization;

/// <summary>
/// The UI language of a request: <c>?culture=</c> (remembered in a cookie), else that cookie, else
/// <c>Accept-Language</c>, else English. The server runs with invariant globalization, so the language is a
/// plain tag rather than a <see cref="System.Globalization.CultureInfo"/>; numbers and dates stay invariant.
/// </summary>
internal static class UiLanguage
{
    public const string English = "en";
    public const string BrazilianPortuguese = "pt-BR";
    public const string CookieName = "wabagate.culture";
    private const string ItemKey = "wg:ui-language";

    public static string Current(HttpContext? context)
        => context?.Items[ItemKey] as string ?? English;

    public static IApplicationBuilder UseUiLanguage(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var fromQuery = Normalize(context.Request.Query["culture"]);
        if (fromQuery is not null)
        {
            context.Response.Cookies.Append(CookieName, fromQuery, new CookieOptions
            {
                MaxAge = TimeSpan.FromDays(365),
                SameSite = SameSiteMode.Lax,
                IsEssential = true,
                Secure = context.Request.IsHttps,
            });
        }

        context.Items[ItemKey] = fromQuery ?? Normalize(context.Request.Cookies[CookieName]) ?? FromAcceptLanguage(context.Request) ?? English;
        await next(context);
    });

    public static string? Normalize(string? tag) => tag?.Trim().ToUpperInvariant() switch
    {
        "PT" or "PT-BR" or "PT_BR" => BrazilianPortuguese,
        "EN" or "EN-US" or "EN-GB" => English,
        _ => null,
    };

    private static string? FromAcceptLanguage(HttpRequest request)
    {
        var header = request.Headers.AcceptLanguage.ToString();
        if (string.IsNullOrEmpty(header) || !StringWithQualityHeaderValue.TryParseList(header.Split(','), out var values))
        {
            return null;
        }

        return values.OrderByDescending(v => v.Quality ?? 1)
            .Select(v => v.Value.Value?.StartsWith("pt", StringComparison.OrdinalIgnoreCase) == true ? BrazilianPortuguese
                : v.Value.Value?.StartsWith("en", StringComparison.OrdinalIgnoreCase) == true ? English : null)
            .FirstOrDefault(v => v is not null);
    }
}
