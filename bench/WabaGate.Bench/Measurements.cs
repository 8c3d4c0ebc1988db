using System.Diagnostics;

namespace WabaGate.Bench;

/// <summary>Latency samples of one worker (no locking: one recorder per worker, merged at the end).</summary>
internal sealed class LatencyRecorder
{
    private readonly List<long> ticks = new(capacity: 100_000);

    public void Record(long startTimestamp) => ticks.Add(Stopwatch.GetTimestamp() - startTimestamp);

    public static Percentiles Merge(IEnumerable<LatencyRecorder> recorders)
    {
        var all = recorders.SelectMany(r => r.ticks).Order().ToArray();
        double Ms(double q) => all.Length == 0 ? 0 : all[Math.Min(all.Length - 1, (int)(q * all.Length))] * 1000.0 / Stopwatch.Frequency;
        return new Percentiles(all.Length, Ms(0.50), Ms(0.99), Ms(0.999), all.Length == 0 ? 0 : all[^1] * 1000.0 / Stopwatch.Frequency);
    }
}

/// <summary>Accept latency in milliseconds.</summary>
internal sealed record Percentiles(int Count, double P50, double P99, double P999, double Max);

/// <summary>Rates from event timestamps (e.g. when the simulated Meta accepted each send).</summary>
internal static class Rates
{
    /// <summary>Events per second between <paramref name="from"/> and <paramref name="to"/>.</summary>
    public static double Between(IReadOnlyList<DateTimeOffset> times, DateTimeOffset from, DateTimeOffset to)
        => to <= from ? 0 : times.Count(t => t >= from && t < to) / (to - from).TotalSeconds;

    /// <summary>The most events within any one second (the limiter's ceiling, measured).</summary>
    public static int BusiestSecond(IReadOnlyList<DateTimeOffset> times)
    {
        var sorted = times.Order().ToArray();
        var best = 0;
        for (int start = 0, end = 0; start < sorted.Length; start++)
        {
            while (end < sorted.Length && sorted[end] - sorted[start] < TimeSpan.FromSeconds(1))
            {
                end++;
            }

            best = Math.Max(best, end - start);
        }

        return best;
    }
}
