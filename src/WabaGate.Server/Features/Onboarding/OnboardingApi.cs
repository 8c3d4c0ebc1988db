using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Connections;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Onboarding;

internal static class OnboardingApi
{
    public static RouteGroupBuilder MapOnboarding(this RouteGroupBuilder api)
    {
        var signup = api.MapGroup("/onboarding/embedded-signup").WithTags("Onboarding").RequireAuthorization(TenancyPolicies.OrgAdmin);
        signup.MapGet("/config", GetConfig).WithSummary("What the Embedded Signup page needs, with a fresh single-use state (10 minutes).");
        signup.MapPost("/complete", Complete).WithSummary("Exchange the signup code, verify the grant, register and subscribe; returns the connection.");
        signup.MapPost("/cancel", Cancel).WithSummary("Record that the user left the signup (CANCEL event), for the funnel.");
        signup.MapGet("/status", Status).WithSummary("Polling fallback: whether a connection became active after the given time.");
        return api;
    }

    private static async Task<Ok<EmbeddedSignupConfig>> GetConfig(ClaimsPrincipal principal, SignupStates states, IOptions<MetaOptions> meta, CancellationToken ct)
    {
        var options = meta.Value;
        var state = await states.IssueAsync(Caller.From(principal), ct);
        return TypedResults.Ok(new EmbeddedSignupConfig(
            options.AppId, options.ConfigId, options.GraphVersion, options.SdkUrl, state, new EmbeddedSignupExtras("whatsapp_embedded_signup", 3, "v3")));
    }

    private static async Task<Created<ConnectionDto>> Complete(
        CompleteSignupRequest request, ClaimsPrincipal principal, EmbeddedSignupService signup, ConnectionViews views, CancellationToken ct)
    {
        var connection = await signup.CompleteAsync(Caller.From(principal), request, ct);
        return TypedResults.Created($"/api/v1/connections/{connection.Id}", await views.ViewAsync(connection, ct));
    }

    private static async Task<NoContent> Cancel(
        CancelSignupRequest request, ClaimsPrincipal principal, SignupStates states, ILogger<SignupStates> logger, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(request.State))
        {
            throw ApiProblemException.Validation("state", "The state from the signup configuration is required.");
        }

        var detail = request.CurrentStep is { Length: > 0 } step
            ? "step:" + Clip(step)
            : $"error:{Clip(request.ErrorId ?? "?")}:{Clip(request.ErrorMessage ?? string.Empty)}";
        await states.CancelAsync(Caller.From(principal), request.State, detail, ct);
        ConnectionsLog.SignupCancelled(logger, detail);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<SignupStatusResponse>> Status(DateTimeOffset? after, AppDbContext db, ConnectionViews views, CancellationToken ct)
    {
        var since = after ?? DateTimeOffset.MinValue;
        var connection = (await db.Set<Connection>().AsNoTracking()
                .Where(c => c.Status == ConnectionStatus.Active && c.Kind == ConnectionKind.EmbeddedSignup && c.UpdatedAt > since)
                .ToListAsync(ct))
            .MaxBy(c => c.UpdatedAt);
        return TypedResults.Ok(new SignupStatusResponse(connection is not null, connection is null ? null : await views.ViewAsync(connection, ct)));
    }

    private static string Clip(string value) => value.Length <= 200 ? value : value[..200];
}
