using Microsoft.AspNetCore.Mvc.RazorPages;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure;

namespace WabaGate.Server.Pages;

/// <summary>The signed-in member's start page: organization, mode, role and where to go next.</summary>
internal sealed class IndexModel(OrganizationService organizations, IServiceProvider services) : PageModel
{
    public string OrganizationName { get; private set; } = string.Empty;

    public bool IsSandbox { get; private set; }

    public string Role { get; private set; } = string.Empty;

    public bool CanManageKeys { get; private set; }

    public string BaseUrl { get; private set; } = string.Empty;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var caller = Caller.From(User);
        var organization = await organizations.CurrentAsync(ct);
        OrganizationName = organization?.Name ?? string.Empty;
        IsSandbox = services.GatewayOptions().IsSandbox;
        Role = caller.Role.ToString();
        CanManageKeys = caller.IsAdmin;
        BaseUrl = $"{Request.Scheme}://{Request.Host}";
    }
}
