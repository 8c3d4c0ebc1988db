using System.Collections.Concurrent;

namespace WabaGate.Server.Features.Messaging.Dispatch;

/// <summary>
/// The per-phone-number send rate, exact on this node (and, with <see cref="DispatchLeases"/>, cluster-wide): a
/// generic cell rate algorithm. Each send reserves the next slot <c>1/rate</c> after the previous one; up to
/// <c>burst</c> slots may be taken ahead. In any window of T seconds at most <c>rate·T + burst</c> sends start.
/// One entry per phone number this node dispatches (bounded by the organization's numbers).
/// </summary>
internal sealed class ThroughputLimiter(TimeProvider clock)
{
    private readonly ConcurrentDictionary<Guid, Cell> cells = new();

    /// <summary>
    /// Reserves a send slot for <paramref name="phoneRowId"/>: returns how long to wait before sending (zero = now).
    /// When the wait would exceed <paramref name="maxWait"/>, nothing is reserved and <paramref name="reserved"/> is false.
    /// </summary>
    public TimeSpan Reserve(Guid phoneRowId, int perSecond, double burstSeconds, TimeSpan maxWait, out bool reserved)
    {
        var cell = cells.GetOrAdd(phoneRowId, _ => new Cell());
        var interval = TimeSpan.FromTicks(TimeSpan.TicksPerSecond / Math.Max(1, perSecond));
        var tolerance = TimeSpan.FromTicks((long)(TimeSpan.TicksPerSecond * burstSeconds));
        lock (cell)
        {
            var now = clock.GetTimestamp();
            var nowTime = TimeSpan.FromTicks((long)(now * (double)TimeSpan.TicksPerSecond / clock.TimestampFrequency));
            var tat = cell.TheoreticalArrival < nowTime ? nowTime : cell.TheoreticalArrival;
            var wait = tat - tolerance - nowTime;
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

    /// <summary>Meta said the number's throughput was reached (130429): hold this node's sends back for <paramref name="pause"/>.</summary>
    public void Penalize(Guid phoneRowId, TimeSpan pause)
    {
        var cell = cells.GetOrAdd(phoneRowId, _ => new Cell());
        lock (cell)
        {
            var nowTime = TimeSpan.FromTicks((long)(clock.GetTimestamp() * (double)TimeSpan.TicksPerSecond / clock.TimestampFrequency));
            var until = nowTime + pause;
            if (cell.TheoreticalArrival < until)
            {
                cell.TheoreticalArrival = until;
            }
        }
    }

    /// <summary>Forgets a number this node no longer dispatches.</summary>
    public void Forget(Guid phoneRowId) => cells.TryRemove(phoneRowId, out _);

    private sealed class Cell
    {
        public TimeSpan TheoreticalArrival { get; set; }
    }
}
