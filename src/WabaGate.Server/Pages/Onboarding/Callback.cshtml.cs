using Microsoft.AspNetCore.Mvc.RazorPages;

namespace WabaGate.Server.Pages.Onboarding;

/// <summary>
/// Where Meta's redirect flow lands (<c>?code=&amp;state=</c> or <c>?error=</c>). In a popup the page hands the code to
/// the opener with a same-origin message and closes; opened directly, it completes the signup itself. The code is
/// never rendered into the page: its script reads it from the address and removes it from the history.
/// </summary>
internal sealed class CallbackModel : PageModel
{
    public void OnGet() => Response.Headers.CacheControl = "no-store";
}
