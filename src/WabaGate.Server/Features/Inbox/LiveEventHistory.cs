namespace WabaGate.Server.Features.Inbox;

/// <summary>
/// The last <see cref="Capacity"/> live events this node delivered (all organizations, arrival order), so that a
/// stream that reconnects with <c>Last-Event-ID</c> gets what it missed. Fixed size: under a flood the oldest go
/// first, and a client whose last id is no longer held is told to re-read the API instead of silently missing events.
/// </summary>
internal sealed class LiveEventHistory
{
    public const int Capacity = 2048;

    private readonly LiveEvent?[] ring = new LiveEvent?[Capacity];
    private readonly Lock gate = new();
    private long appended;

    public void Append(LiveEvent liveEvent)
    {
        lock (gate)
        {
            ring[appended % Capacity] = liveEvent;
            appended++;
        }
    }

    /// <summary>
    /// The organization's events after <paramref name="lastEventId"/>, oldest first; <see langword="null"/> when
    /// that event is no longer (or was never) held here, so what came after it cannot be known.
    /// </summary>
    public IReadOnlyList<LiveEvent>? After(Guid orgId, Guid lastEventId)
    {
        lock (gate)
        {
            var oldest = Math.Max(0, appended - Capacity);
            for (var i = appended - 1; i >= oldest; i--)
            {
                if (ring[i % Capacity]!.Id != lastEventId)
                {
                    continue;
                }

                var missed = new List<LiveEvent>();
                for (var j = i + 1; j < appended; j++)
                {
                    if (ring[j % Capacity] is { } later && later.OrgId == orgId)
                    {
                        missed.Add(later);
                    }
                }

                return missed;
            }

            return null;
        }
    }
}
