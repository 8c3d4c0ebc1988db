using Microsoft.Extensions.Options;

namespace WabaGate.Server.Features.Messaging.Dispatch;

/// <summary>
/// Paces messages to one recipient from one number (Meta's pair rate: bursts, then about one per 6 s; 131056
/// beyond): a token bucket per (number, recipient) of <c>RecipientBurst</c> tokens regaining one per
/// <c>RecipientInterval</c>. Memory is bounded: past <c>RecipientPacingCapacity</c> entries, the least recently
/// used are dropped (a dropped recipient starts again with a full burst, which only errs towards Meta's own limit).
/// </summary>
internal sealed class RecipientPacer(TimeProvider clock, IOptions<MessagingOptions> options)
{
    private readonly Lock gate = new();
    private readonly Dictionary<(Guid Phone, string To), LinkedListNode<Bucket>> buckets = [];
    private readonly LinkedList<Bucket> recency = new();

    /// <summary>Takes a token for the pair, or returns how long until one is available (and takes nothing).</summary>
    public TimeSpan TryTake(Guid phoneRowId, string to)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var node = Touch((phoneRowId, to), o.RecipientBurst, now, o.RecipientPacingCapacity);
            var bucket = node.Value;
            Refill(bucket, o, now);
            if (bucket.Tokens >= 1)
            {
                bucket.Tokens -= 1;
                return TimeSpan.Zero;
            }

            return o.RecipientInterval * (1 - bucket.Tokens);
        }
    }

    /// <summary>Meta answered 131056 for the pair: empty its bucket and hold it for <paramref name="pause"/>.</summary>
    public void Penalize(Guid phoneRowId, string to, TimeSpan pause)
    {
        var o = options.Value;
        var now = clock.GetUtcNow();
        lock (gate)
        {
            var bucket = Touch((phoneRowId, to), o.RecipientBurst, now, o.RecipientPacingCapacity).Value;
            bucket.Tokens = o.RecipientInterval > TimeSpan.Zero ? -(pause / o.RecipientInterval) : 0;
            bucket.At = now;
        }
    }

    private LinkedListNode<Bucket> Touch((Guid, string) key, int burst, DateTimeOffset now, int capacity)
    {
        if (buckets.TryGetValue(key, out var node))
        {
            recency.Remove(node);
            recency.AddFirst(node);
            return node;
        }

        node = recency.AddFirst(new Bucket(key) { Tokens = burst, At = now });
        buckets[key] = node;
        while (buckets.Count > capacity && recency.Last is { } oldest)
        {
            buckets.Remove(oldest.Value.Key);
            recency.RemoveLast();
        }

        return node;
    }

    private static void Refill(Bucket bucket, MessagingOptions o, DateTimeOffset now)
    {
        bucket.Tokens = o.RecipientInterval <= TimeSpan.Zero
            ? o.RecipientBurst
            : Math.Min(o.RecipientBurst, bucket.Tokens + ((now - bucket.At) / o.RecipientInterval));
        bucket.At = now;
    }

    private sealed class Bucket((Guid, string) key)
    {
        public (Guid, string) Key { get; } = key;

        public double Tokens { get; set; }

        public DateTimeOffset At { get; set; }
    }
}
