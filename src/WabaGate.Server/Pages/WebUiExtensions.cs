using Microsoft.Extensions.Localization;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Pages.Localization;
using WabaGate.Server.Pages.Shared;

namespace WabaGate.Server.Pages;

/// <summary>The Razor Pages web UI: every page needs a signed-in member unless it says otherwise.</summary>
internal static class WebUiExtensions
{
    public static IServiceCollection AddWebUi(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton<IStringLocalizer<UiText>, UiStringLocalizer>();
        services.AddSingleton<UiNavigation>();
        services.AddScoped<OrganizationSwitcher>();
        services.AddRazorPages(options =>
        {
            options.Conventions.AuthorizeFolder("/");
            options.Conventions.AllowAnonymousToPage("/Login");
            options.Conventions.AllowAnonymousToPage("/Logout");
            options.Conventions.AllowAnonymousToPage("/AccessDenied");
            options.Conventions.AllowAnonymousToPage("/Account/SetPassword");
            options.Conventions.AuthorizePage("/Settings/ApiKeys", TenancyPolicies.OrgAdmin);
            options.Conventions.AuthorizePage("/Approvals", TenancyPolicies.OrgAdmin);
        });
        return services;
    }

    /// <summary>Static files and the UI language; call before authentication.</summary>
    public static IApplicationBuilder UseWebUi(this IApplicationBuilder app) => app.UseStaticFiles().UseUiLanguage();
}
