using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Onboarding;

/// <summary>
/// Issues and redeems the <c>state</c> nonce of an Embedded Signup attempt: random, bound to the organization
/// (row filter) and to the caller, valid for ten minutes, redeemable once — claimed with one conditional
/// UPDATE, so two nodes cannot both redeem it.
/// </summary>
internal sealed class SignupStates(AppDbContext db, TimeProvider clock)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(10);

    /// <summary>What redeeming a state gave: a fresh attempt, or the connection an identical earlier request made.</summary>
    public sealed record Claim(Guid StateId, Guid? ExistingConnectionId);

    public async Task<string> IssueAsync(Caller caller, CancellationToken ct)
    {
        var nonce = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var now = clock.GetUtcNow();
        db.Add(new OnboardingState
        {
            OrgId = caller.OrgId,
            NonceHash = Hash(nonce),
            CallerKey = CallerKey(caller),
            CreatedAt = now,
            ExpiresAt = now + Lifetime,
        });
        await db.SaveChangesAsync(ct);
        return nonce;
    }

    /// <summary>Redeems <paramref name="state"/> for <paramref name="code"/>, or throws <c>invalid_state</c>.</summary>
    public async Task<Claim> ClaimAsync(Caller caller, string state, string code, CancellationToken ct)
    {
        var hash = Hash(state);
        var codeHash = Hash(code);
        var key = CallerKey(caller);
        var now = clock.GetUtcNow();
        var row = await db.Set<OnboardingState>().AsNoTracking().SingleOrDefaultAsync(s => s.NonceHash == hash, ct);
        if (row is null || row.CallerKey != key)
        {
            throw InvalidState();
        }

        if (row.UsedAt is not null)
        {
            // The browser sent the same completion twice (double click, retry after a lost response).
            if (row.ConnectionId is { } existing && row.CodeHash is { } used && CryptographicOperations.FixedTimeEquals(used, codeHash))
            {
                return new Claim(row.Id, existing);
            }

            throw InvalidState();
        }

        if (row.ExpiresAt <= now)
        {
            throw InvalidState();
        }

        var claimed = await db.Set<OnboardingState>()
            .Where(s => s.Id == row.Id && s.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.UsedAt, now).SetProperty(x => x.CodeHash, codeHash), ct);
        return claimed == 1 ? new Claim(row.Id, null) : throw InvalidState();
    }

    public Task CompleteAsync(Guid stateId, Guid connectionId, CancellationToken ct)
        => db.Set<OnboardingState>().Where(s => s.Id == stateId)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ConnectionId, connectionId).SetProperty(x => x.Outcome, "completed"), ct);

    /// <summary>Records that the user left the flow (funnel data); the state stays unusable for completion afterwards.</summary>
    public async Task CancelAsync(Caller caller, string state, string detail, CancellationToken ct)
    {
        var hash = Hash(state);
        var key = CallerKey(caller);
        var now = clock.GetUtcNow();
        var updated = await db.Set<OnboardingState>()
            .Where(s => s.NonceHash == hash && s.CallerKey == key && s.UsedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.UsedAt, now).SetProperty(x => x.Outcome, "cancelled").SetProperty(x => x.Detail, detail), ct);
        if (updated == 0)
        {
            throw InvalidState();
        }
    }

    private static ApiProblemException InvalidState()
        => new(OnboardingCodes.InvalidState, StatusCodes.Status400BadRequest,
            "The signup state is unknown, expired, already used or belongs to someone else; start the signup again.");

    private static string CallerKey(Caller caller)
        => caller.ApiKeyId is { } keyId ? "key:" + keyId.ToString("N") : "user:" + caller.UserId?.ToString("N");

    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));
}
