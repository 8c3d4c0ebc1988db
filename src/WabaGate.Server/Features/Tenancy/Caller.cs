using System.Security.Claims;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>Who is calling: the organization, the role in it, and the API key or user behind the request.</summary>
public sealed record Caller(Guid OrgId, OrgRole Role, Guid? ApiKeyId, Guid? UserId)
{
    public const string OrgIdClaim = "wg:org";
    public const string RoleClaim = ClaimTypes.Role;
    public const string ApiKeyIdClaim = "wg:key";
    public const string UserIdClaim = ClaimTypes.NameIdentifier;

    public bool IsAdmin => Role is OrgRole.Owner or OrgRole.Admin;

    public static Caller From(ClaimsPrincipal principal)
    {
        var org = principal.FindFirstValue(OrgIdClaim) ?? throw new InvalidOperationException("The caller has no organization.");
        var key = principal.FindFirstValue(ApiKeyIdClaim);
        var user = principal.FindFirstValue(UserIdClaim);
        return new Caller(
            Guid.Parse(org),
            Enum.Parse<OrgRole>(principal.FindFirstValue(RoleClaim) ?? nameof(OrgRole.Agent)),
            key is null ? null : Guid.Parse(key),
            user is null || key is not null ? null : Guid.Parse(user));
    }

    public IEnumerable<Claim> ToClaims()
    {
        yield return new Claim(OrgIdClaim, OrgId.ToString());
        yield return new Claim(RoleClaim, Role.ToString());
        if (ApiKeyId is { } key)
        {
            yield return new Claim(ApiKeyIdClaim, key.ToString());
        }

        if (UserId is { } user)
        {
            yield return new Claim(UserIdClaim, user.ToString());
        }
    }
}
