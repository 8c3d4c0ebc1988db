using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;

namespace WabaGate.Server.Pages.Settings;

/// <summary>The organization's API keys (Owner/Admin): list, create (secret shown once), revoke.</summary>
internal sealed class ApiKeysModel(OrganizationService organizations) : PageModel
{
    public IReadOnlyList<ApiKey> Keys { get; private set; } = [];

    [BindProperty]
    public string? NewKeyName { get; set; }

    /// <summary>Set only in the response to the POST that created the key; never stored or redisplayed.</summary>
    public string? CreatedSecret { get; private set; }

    [BindProperty(SupportsGet = true)]
    public bool Revoked { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => Keys = await organizations.ListApiKeysAsync(ct);

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        var name = string.IsNullOrWhiteSpace(NewKeyName) ? "API key" : NewKeyName.Trim()[..Math.Min(NewKeyName.Trim().Length, 100)];
        var (_, secret) = await organizations.CreateApiKeyAsync(name, OrgRole.Admin, Caller.From(User).UserId, ct);
        CreatedSecret = secret;
        NewKeyName = null;
        Keys = await organizations.ListApiKeysAsync(ct);

        // The secret must not linger in shared caches or the back/forward cache.
        Response.Headers.CacheControl = "no-store";
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeAsync(Guid id, CancellationToken ct)
    {
        return await organizations.RevokeApiKeyAsync(id, ct) ? RedirectToPage(new { revoked = true }) : NotFound();
    }
}
