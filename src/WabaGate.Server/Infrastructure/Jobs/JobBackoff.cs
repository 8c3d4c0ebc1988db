using System.Diagnostics.CodeAnalysis;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>Exponential backoff with "equal jitter": half the delay is fixed, half random, so retries of many jobs that failed together spread out.</summary>
internal static class JobBackoff
{
    [SuppressMessage("Security", "CA5394:Do not use insecure randomness", Justification = "Jitter, not a secret.")]
    public static TimeSpan Delay(int attempt, TimeSpan @base, TimeSpan max)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var ceiling = Math.Min(max.TotalMilliseconds, @base.TotalMilliseconds * Math.Pow(2, exponent));
        return TimeSpan.FromMilliseconds((ceiling / 2) + (Random.Shared.NextDouble() * ceiling / 2));
    }
}
