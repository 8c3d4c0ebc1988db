using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;

namespace WabaGate.Server.Pages.Account;

/// <summary>
/// The organization switcher's target (a POST from the top bar): for a member of <see cref="OrgId"/>, remembers the
/// choice and rebuilds the session's claims at once; anything else changes nothing.
/// </summary>
internal sealed class OrganizationModel(SystemQueries system, UserManager<AppUser> users, SignInManager<AppUser> signIn) : PageModel
{
    [BindProperty]
    public Guid OrgId { get; set; }

    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await users.GetUserAsync(User) is not { } user)
        {
            return Redirect("/login");
        }

        if ((await system.UserOrganizationsAsync(user.Id, ct)).Any(o => o.OrgId == OrgId))
        {
            ActiveOrganization.Choose(HttpContext, OrgId);
            await signIn.RefreshSignInAsync(user);
        }

        return Redirect("/");
    }
}
