using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Pages;

/// <summary>Sign-out is a POST (with an antiforgery token), so a link or image elsewhere cannot sign anyone out.</summary>
internal sealed class LogoutModel(SignInManager<AppUser> signIn) : PageModel
{
    public IActionResult OnGet() => Redirect("/");

    public async Task<IActionResult> OnPostAsync()
    {
        await signIn.SignOutAsync();
        return Redirect("/login");
    }
}
