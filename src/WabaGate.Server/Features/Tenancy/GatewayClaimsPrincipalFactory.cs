using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>
/// Adds the active organization (<c>wg:org</c>) and the role in it to a signed-in user's principal: the one the user
/// chose with the organization switcher (<see cref="ActiveOrganization"/>) while they are still a member of it,
/// otherwise their oldest membership.
/// </summary>
internal sealed class GatewayClaimsPrincipalFactory(
    UserManager<AppUser> users, IOptions<IdentityOptions> options, AppDbContext db, IHttpContextAccessor http)
    : UserClaimsPrincipalFactory<AppUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(AppUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var memberships = db.Memberships.AsNoTracking().Where(m => m.UserId == user.Id);
        var membership = ActiveOrganization.Chosen(http.HttpContext) is { } chosen
            ? await memberships.SingleOrDefaultAsync(m => m.OrgId == chosen)
            : null;
        membership ??= await memberships.OrderBy(m => m.CreatedAt).ThenBy(m => m.Id).FirstOrDefaultAsync();
        if (membership is not null)
        {
            identity.AddClaim(new Claim(Caller.OrgIdClaim, membership.OrgId.ToString()));
            identity.AddClaim(new Claim(Caller.RoleClaim, membership.Role.ToString()));
        }

        return identity;
    }
}
