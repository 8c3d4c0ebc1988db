using System.Collections.Concurrent;

namespace WabaGate.Server.Features.Messaging.Dispatch;

/// <summary>
/// The per-phone-number send rate, exact on this node (and, with <see cref="DispatchLeases"/>, cluster-wide): a
/// generic cell rate algorithm. Each send reserves the next slot <c>window/rate</c> after the previous one, where the
/// window is Meta's second plus a margin (<see cref="DepartureWindow"/>: requests reach Meta a little unevenly, and it
/// counts arrivals — at exactly the rate, about 3 % of sends were refused in the benchmark); up to <c>burst</c> slots
/// may be taken ahead. In any window of T seconds at most <c>rate·T/window + burst</c> sends start, and
/// <see cref="LeaveAsync"/> keeps any window to the rate also when requests are held back and then leave together.
/// <para>
/// When Meta still answers that the number's throughput was reached (130429: its count of a window saw more than our
/// schedule did, e.g. because requests arrive with network jitter, or something else sends from the number too),
/// the number's rate is lowered by <see cref="Decrease"/> (once per <see cref="DecreaseSpacing"/>, so one crowded
/// moment counts once) and regained by <see cref="RecoveryPerSecond"/> of the limit per second — additive increase,
/// multiplicative decrease. It replaced a fixed one-second pause, which while the schedule already ran a second ahead
/// only cut a hole into it: in the benchmark about a fifth of the number's slots went unused that way.
/// </para>
/// One entry per phone number this node dispatches (bounded by the organization's numbers).
/// </summary>
internal sealed class ThroughputLimiter(TimeProvider clock)
{
    /// <summary>The share of the rate kept after a refusal.</summary>
    public const double Decrease = 0.98;

    /// <summary>The share of the configured rate regained per second without a refusal.</summary>
    public const double RecoveryPerSecond = 0.01;

    /// <summary>Refusals closer together than this are one event (requests sent together are refused together).</summary>
    public static readonly TimeSpan DecreaseSpacing = TimeSpan.FromMilliseconds(250);

    /// <summary>The window departures are counted in: Meta's second, and a margin for the way to it.</summary>
    public static readonly TimeSpan DepartureWindow = TimeSpan.FromMilliseconds(1020);

    /// <summary>The lowest share of the configured rate a number is slowed to.</summary>
    private const double Floor = 0.05;

    private readonly ConcurrentDictionary<Guid, Cell> cells = new();
    private readonly long origin = clock.GetTimestamp();

    /// <summary>
    /// Reserves a send slot for <paramref name="phoneRowId"/>: returns how long to wait before sending (zero = now).
    /// When the wait would exceed <paramref name="maxWait"/>, nothing is reserved and <paramref name="reserved"/> is false.
    /// </summary>
    public TimeSpan Reserve(Guid phoneRowId, int perSecond, double burstSeconds, TimeSpan maxWait, out bool reserved)
    {
        var cell = cells.GetOrAdd(phoneRowId, _ => new Cell());
        var tolerance = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond * burstSeconds));
        lock (cell)
        {
            var now = Now();
            var interval = TimeSpan.FromTicks((long)(DepartureWindow.Ticks / (Math.Max(1, perSecond) * cell.Share(now))));
            var tat = cell.TheoreticalArrival < now ? now : cell.TheoreticalArrival;
            var wait = tat - tolerance - now;
            if (wait < TimeSpan.Zero)
            {
                wait = TimeSpan.Zero;
            }

            if (wait > maxWait)
            {
                reserved = false;
                return wait;
            }

            cell.TheoreticalArrival = tat + interval;
            reserved = true;
            return wait;
        }
    }

    /// <summary>
    /// Waits for the slot <see cref="Reserve"/> gave (<paramref name="slot"/>), then until the request may leave without
    /// more than <paramref name="perSecond"/> having left in the trailing <see cref="DepartureWindow"/>, and records it.
    /// Reserved slots keep that rule when requests leave on time; the second wait keeps it when they do not (a pause of
    /// the process or a busy thread pool holds some back, and then they leave together — Meta counts when they arrive).
    /// </summary>
    public async ValueTask LeaveAsync(Guid phoneRowId, DateTimeOffset slot, int perSecond, CancellationToken cancellationToken)
    {
        var remaining = slot - clock.GetUtcNow();
        if (remaining > TimeSpan.Zero)
        {
            await Task.Delay(remaining, clock, cancellationToken);
        }

        for (var wait = TryDepart(phoneRowId, perSecond); wait > TimeSpan.Zero; wait = TryDepart(phoneRowId, perSecond))
        {
            await Task.Delay(wait, clock, cancellationToken);
        }
    }

    /// <summary>Records a departure now and returns zero, or returns how long until one may leave (recording nothing).</summary>
    public TimeSpan TryDepart(Guid phoneRowId, int perSecond)
    {
        var cell = cells.GetOrAdd(phoneRowId, _ => new Cell());
        lock (cell)
        {
            return cell.TryDepart(Now(), Math.Max(1, perSecond));
        }
    }

    /// <summary>Meta said the number's throughput was reached (130429): send from it a little slower for a while.</summary>
    public void Penalize(Guid phoneRowId)
    {
        var cell = cells.GetOrAdd(phoneRowId, _ => new Cell());
        lock (cell)
        {
            var now = Now();
            if (cell.DecreasedAt is { } last && now - last < DecreaseSpacing)
            {
                return;
            }

            cell.Slow(now, Math.Max(Floor, cell.Share(now) * Decrease));
        }
    }

    /// <summary>Forgets a number this node no longer dispatches.</summary>
    public void Forget(Guid phoneRowId) => cells.TryRemove(phoneRowId, out _);

    /// <summary>Time since this limiter was made (small numbers keep the arithmetic exact, unlike raw timestamps).</summary>
    private TimeSpan Now() => clock.GetElapsedTime(origin);

    private sealed class Cell
    {
        private double shareAtDecrease = 1;

        /// <summary>The last departures, oldest at <see cref="next"/> once full (bounded by the number's rate).</summary>
        private TimeSpan[] departures = [];
        private int next;
        private int count;

        public TimeSpan TheoreticalArrival { get; set; }

        public TimeSpan? DecreasedAt { get; private set; }

        public double Share(TimeSpan now)
            => DecreasedAt is { } at ? Math.Min(1, shareAtDecrease + (RecoveryPerSecond * (now - at).TotalSeconds)) : 1;

        public void Slow(TimeSpan now, double share) => (shareAtDecrease, DecreasedAt) = (share, now);

        /// <summary>Records a departure at <paramref name="now"/> and returns zero, or returns how long until one may leave.</summary>
        public TimeSpan TryDepart(TimeSpan now, int perSecond)
        {
            if (departures.Length != perSecond)
            {
                // First use, or the number's throughput level changed: start counting afresh at the new size.
                (departures, next, count) = (new TimeSpan[perSecond], 0, 0);
            }

            if (count == perSecond && now - departures[next] < DepartureWindow)
            {
                return DepartureWindow - (now - departures[next]);
            }

            departures[next] = now;
            next = (next + 1) % perSecond;
            count = Math.Min(count + 1, perSecond);
            return TimeSpan.Zero;
        }
    }
}
