using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>
/// Runs on every cookie-authenticated request. Identity's security-stamp check comes first (a password change
/// or sign-out everywhere ends the session; every minute the claims are rebuilt from memberships). Then the
/// membership named by the cookie's <c>wg:org</c> claim is looked up: gone → the session ends; role changed →
/// the claim follows. Finally the request's unit of work is pinned to that organization, as the API-key
/// handler does for keys.
/// </summary>
internal static class SessionValidator
{
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        if (context.Principal?.Identity is not ClaimsIdentity { IsAuthenticated: true } identity)
        {
            return;
        }

        if (!Guid.TryParse(identity.FindFirst(Caller.OrgIdClaim)?.Value, out var orgId)
            || !Guid.TryParse(identity.FindFirst(Caller.UserIdClaim)?.Value, out var userId))
        {
            return; // A user without any organization: signed in, but the default policy lets them nowhere.
        }

        var services = context.HttpContext.RequestServices;
        var role = await services.GetRequiredService<AppDbContext>().Memberships.AsNoTracking()
            .Where(m => m.UserId == userId && m.OrgId == orgId)
            .Select(m => (OrgRole?)m.Role)
            .SingleOrDefaultAsync(context.HttpContext.RequestAborted);
        if (role is null)
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
            return;
        }

        if (identity.FindFirst(Caller.RoleClaim) is { } claim && claim.Value != role.ToString())
        {
            identity.RemoveClaim(claim);
            identity.AddClaim(new Claim(Caller.RoleClaim, role.Value.ToString()));
            context.ShouldRenew = true;
        }

        services.GetRequiredService<TenantContext>().Set(orgId);
    }
}
