using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>
/// <c>Authorization: Bearer wg_…</c>: finds the key by its hash (the one reviewed cross-tenant lookup),
/// then pins the request's unit of work to the key's organization. Verified keys are remembered for a few seconds
/// (<see cref="ApiKeyCache"/>; a revocation on this node takes effect at once).
/// </summary>
internal sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder, ApiKeyCache cache, TimeProvider clock)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";

    /// <summary>Last-used times are written at most this often per key, so reads stay reads.</summary>
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var header = Request.Headers.Authorization.ToString();
        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.NoResult();
        }

        var secret = header["Bearer ".Length..].Trim();
        if (!ApiKeySecret.LooksValid(secret))
        {
            return AuthenticateResult.Fail("Malformed API key.");
        }

        var services = Context.RequestServices;
        var hash = ApiKeySecret.Hash(secret);
        var match = cache.Find(hash);
        if (match is null)
        {
            var generation = cache.Generation;
            match = await services.GetRequiredService<SystemQueries>().FindApiKeyAsync(hash, Context.RequestAborted);
            if (match is null || match.Revoked)
            {
                return AuthenticateResult.Fail("Unknown or revoked API key.");
            }

            services.GetRequiredService<TenantContext>().Set(match.OrgId);

            // Only on a cache miss (at most every few seconds per key): last-used is kept to the minute anyway.
            await TouchAsync(services.GetRequiredService<AppDbContext>(), match.Id);
            cache.Add(hash, match, generation);
        }
        else
        {
            services.GetRequiredService<TenantContext>().Set(match.OrgId);
        }

        var caller = new Caller(match.OrgId, match.Role, match.Id, null);
        var identity = new ClaimsIdentity(caller.ToClaims(), SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        return Task.CompletedTask;
    }

    private async Task TouchAsync(AppDbContext db, Guid keyId)
    {
        var now = clock.GetUtcNow();
        var threshold = now - LastUsedResolution;
        await db.Set<ApiKey>()
            .Where(k => k.Id == keyId && (k.LastUsedAt == null || k.LastUsedAt < threshold))
            .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
    }
}
