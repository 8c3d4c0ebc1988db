using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Client;
using WabaGate.Graph.Errors;
using WabaGate.Graph.Onboarding;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Connections;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Onboarding;

/// <summary>
/// Completes an Embedded Signup: redeems the state, exchanges the code server-side, checks with
/// <c>debug_token</c> that the WABA was really granted (the browser's ids are only claims), refuses a WABA
/// another organization holds, stores the token encrypted and runs <see cref="ConnectionSetup"/>.
/// </summary>
internal sealed class EmbeddedSignupService(
    AppDbContext db, GraphClient graph, SignupStates states, SystemQueries system, ConnectionSetup setup, ConnectionSecrets secrets, SelfUrl self,
    TimeProvider clock)
{
    /// <summary>The redirect-flow landing page; the only <c>redirect_uri</c> a completion may name.</summary>
    public const string CallbackPath = "/onboarding/callback";

    public async Task<Connection> CompleteAsync(Caller caller, CompleteSignupRequest request, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Code))
        {
            errors["code"] = ["The code from FB.login's authResponse is required."];
        }

        if (string.IsNullOrWhiteSpace(request.State))
        {
            errors["state"] = ["The state from the signup configuration is required."];
        }

        if (request.RedirectUri is { Length: > 0 } redirect && redirect != self.Value + CallbackPath)
        {
            errors["redirectUri"] = [$"Only this gateway's own {CallbackPath} page can be the redirect URI."];
        }

        if (errors.Count > 0)
        {
            throw ApiProblemException.Validation(errors);
        }

        var claim = await states.ClaimAsync(caller, request.State!, request.Code!, ct);
        if (claim.ExistingConnectionId is { } done)
        {
            return await db.Set<Connection>().SingleAsync(c => c.Id == done, ct);
        }

        var token = await ExchangeAsync(request.Code!, request.RedirectUri is { Length: > 0 } ? request.RedirectUri : null, ct);
        var debug = await graph.DebugTokenAsync(token.AccessToken, ct: ct);
        var wabaId = GrantedWaba(debug, request.WabaId);

        var routes = await system.RouteWabaAsync(wabaId, ct);
        if (routes.Any(r => r.OrgId != caller.OrgId))
        {
            throw ApiProblemException.Conflict(OnboardingCodes.WabaOwnedByAnotherOrganization,
                "This WhatsApp Business Account is connected to another organization; disconnect it there first.");
        }

        var now = clock.GetUtcNow();
        var connection = await db.Set<Connection>().SingleOrDefaultAsync(c => c.WabaId == wabaId, ct);
        if (connection is null)
        {
            connection = new Connection { OrgId = caller.OrgId, WabaId = wabaId, Name = ConnectionSetup.DefaultName(wabaId), CreatedAt = now };
            db.Add(connection);
        }

        // Reconnecting (after a disconnect or a revoked token) keeps the row and its history.
        connection.Kind = ConnectionKind.EmbeddedSignup;
        connection.BusinessId = request.BusinessId ?? connection.BusinessId;
        connection.Status = ConnectionStatus.Pending;
        connection.StatusReason = "Finishing setup.";
        connection.AccessTokenCipher = await secrets.EncryptAsync(connection, ConnectionSecrets.AccessToken, token.AccessToken, ct);
        connection.TokenExpiresAt = debug.ExpiresAtTime ?? (token.ExpiresIn is long seconds and > 0 ? (DateTimeOffset?)now.AddSeconds(seconds) : null);
        connection.DisconnectedAt = null;
        connection.UpdatedAt = now;
        await db.SaveChangesAsync(ct);

        var coexistence = string.Equals(request.Event, OnboardingCodes.CoexistenceEvent, StringComparison.OrdinalIgnoreCase);
        await setup.FinishAsync(connection, coexistence, scheduleRetry: true, ct);
        await states.CompleteAsync(claim.StateId, connection.Id, ct);
        return connection;
    }

    private async Task<OAuthToken> ExchangeAsync(string code, string? redirectUri, CancellationToken ct)
    {
        try
        {
            return await graph.ExchangeCodeAsync(code, redirectUri, ct);
        }
        catch (GraphApiException error)
        {
            throw new ApiProblemException(OnboardingCodes.CodeExchangeFailed, StatusCodes.Status502BadGateway,
                "Meta refused the signup code (codes are single-use and expire after 30 seconds); run the signup again.", error)
            {
                Meta = MetaErrorInfo.From(error),
            };
        }
    }

    /// <summary>The WABA the token really grants: the claimed one if granted, or the only one granted.</summary>
    private static string GrantedWaba(DebugTokenData debug, string? claimed)
    {
        var management = debug.TargetIds(OnboardingCodes.ManagementScope);
        var messaging = debug.TargetIds(OnboardingCodes.MessagingScope);
        var hasScopes = debug.Scopes.Contains(OnboardingCodes.ManagementScope) && debug.Scopes.Contains(OnboardingCodes.MessagingScope);
        var granted = management.Intersect(messaging).ToList();
        if (!debug.IsValid || !hasScopes)
        {
            throw NotGranted("The token from the signup does not carry both WhatsApp permissions; run the signup again and grant them.");
        }

        if (string.IsNullOrWhiteSpace(claimed))
        {
            return granted.Count == 1
                ? granted[0]
                : throw NotGranted(granted.Count == 0
                    ? "The token from the signup grants no WhatsApp Business Account."
                    : "The token grants several WhatsApp Business Accounts; send the wabaId from the signup's FINISH event.");
        }

        return granted.Contains(claimed, StringComparer.Ordinal)
            ? claimed
            : throw NotGranted("The WhatsApp Business Account was not granted to this app in the signup.");
    }

    private static ApiProblemException NotGranted(string detail)
        => new(OnboardingCodes.WabaNotGranted, StatusCodes.Status403Forbidden, detail);
}
