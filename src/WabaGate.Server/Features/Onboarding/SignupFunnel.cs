using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;

namespace WabaGate.Server.Features.Onboarding;

/// <summary>
/// How the organization's Embedded Signup attempts ended: completed, or cancelled and where. (Issued states that were
/// never used are not counted: a settings page prepares one on every visit.)
/// </summary>
public sealed record SignupFunnelView(int Completed, int Cancelled, IReadOnlyList<SignupCancelCount> CancelledAt);

/// <summary>Cancellations at one step (Meta's <c>current_step</c>) or with a user-reported error.</summary>
public sealed record SignupCancelCount(string Step, int Count);

/// <summary>Reads the funnel from the organization's signup attempts (the rows are filtered to the organization).</summary>
internal sealed class SignupFunnel(AppDbContext db)
{
    public async Task<SignupFunnelView> ReadAsync(CancellationToken ct)
    {
        var outcomes = await db.Set<OnboardingState>().AsNoTracking()
            .Where(s => s.Outcome != null)
            .Select(s => new { s.Outcome, s.Detail })
            .ToListAsync(ct);
        var cancelled = outcomes.Where(o => o.Outcome == "cancelled").ToList();
        var steps = cancelled
            .GroupBy(o => Step(o.Detail))
            .Select(g => new SignupCancelCount(g.Key, g.Count()))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Step, StringComparer.Ordinal)
            .ToList();
        return new SignupFunnelView(outcomes.Count(o => o.Outcome == "completed"), cancelled.Count, steps);
    }

    // Details are "step:PHONE_NUMBER_SETUP" or "error:{id}:{message}"; user-reported errors are grouped as one.
    private static string Step(string? detail) => detail switch
    {
        { } d when d.StartsWith("step:", StringComparison.Ordinal) => d["step:".Length..],
        { } d when d.StartsWith("error:", StringComparison.Ordinal) => "error",
        _ => "unknown",
    };
}
