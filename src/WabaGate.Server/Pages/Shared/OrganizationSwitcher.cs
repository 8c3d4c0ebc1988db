using System.Security.Claims;
using WabaGate.Server.Data;
using WabaGate.Server.Features.Tenancy;

namespace WabaGate.Server.Pages.Shared;

/// <summary>The top bar's organization choice: the signed-in user's organizations, when there is more than one.</summary>
internal sealed class OrganizationSwitcher(SystemQueries system)
{
    public async Task<IReadOnlyList<SystemQueries.UserOrganization>> ChoicesAsync(ClaimsPrincipal user, CancellationToken ct)
    {
        if (user.FindFirstValue(Caller.UserIdClaim) is not { } value || !Guid.TryParse(value, out var userId))
        {
            return [];
        }

        var organizations = await system.UserOrganizationsAsync(userId, ct);
        return organizations.Count > 1 ? organizations : [];
    }
}
