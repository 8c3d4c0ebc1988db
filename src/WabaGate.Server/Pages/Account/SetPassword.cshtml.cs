using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;

namespace WabaGate.Server.Pages.Account;

/// <summary>
/// The page behind the one-time password link (<see cref="SetPasswordLink"/>). Setting the password changes the
/// user's security stamp, so the same link cannot be used twice.
/// </summary>
internal sealed class SetPasswordModel(UserManager<AppUser> users) : PageModel
{
    private const string InvalidLink = "This link is invalid or has expired. Ask an administrator for a new one.";

    [BindProperty(SupportsGet = true)]
    public string? Token { get; set; }

    [BindProperty]
    public string? NewPassword { get; set; }

    [BindProperty]
    public string? ConfirmPassword { get; set; }

    public bool TokenLooksValid => SetPasswordLink.TryUnpack(Token, out _, out _);

    public List<string> Errors { get; } = [];

    public IActionResult OnGet() => Page();

    public async Task<IActionResult> OnPostAsync()
    {
        if (!SetPasswordLink.TryUnpack(Token, out var userId, out var resetToken))
        {
            return Page();
        }

        if (string.IsNullOrEmpty(NewPassword) || NewPassword != ConfirmPassword)
        {
            Errors.Add("The passwords do not match.");
            return Page();
        }

        var user = await users.FindByIdAsync(userId.ToString());
        var result = user is null ? null : await users.ResetPasswordAsync(user, resetToken, NewPassword);
        if (result is { Succeeded: true })
        {
            return Redirect("/login?passwordSet=true");
        }

        Errors.AddRange(result is null || result.Errors.Any(e => e.Code == nameof(IdentityErrorDescriber.InvalidToken))
            ? [InvalidLink]
            : result.Errors.Select(e => e.Description));
        return Page();
    }
}
