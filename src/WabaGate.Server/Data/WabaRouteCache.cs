using System.Collections.Concurrent;

namespace WabaGate.Server.Data;

/// <summary>
/// Remembers, for a short while, which live connections hold a WABA, so that a webhook delivery does not pay for a
/// routing query (on PostgreSQL two round trips) every time. Only found routes are kept: an unknown WABA is asked of
/// the database every time, so a connection made a moment ago is routable at once and unroutable deliveries stay
/// unroutable only while nobody holds their WABA.
/// <para>
/// Correct on connection changes: any write to <c>connections</c> (or <c>organizations</c>, whose deletion removes
/// connections) made through EF on this node empties the cache when it executes and again when its transaction
/// commits (<see cref="RouteInvalidationInterceptor"/>), and a look-up that started before such a change never
/// stores its result. On PostgreSQL a trigger announces every committed change of a connection's WABA, status or
/// organization to every node (<c>NOTIFY wabagate_routes</c>), which empties their caches too; the time-to-live is
/// the backstop for a notification missed while a node's listener reconnects.
/// </para>
/// Bounded: at most <see cref="MaxEntries"/> WABAs; when full it starts over empty.
/// </summary>
internal sealed class WabaRouteCache(TimeProvider clock)
{
    public const int MaxEntries = 10_000;
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long generation;

    /// <summary>
    /// The live connections holding <paramref name="wabaId"/>, from the cache or from the scope's
    /// <see cref="SystemQueries"/> (resolved only on a miss, so a hit builds no unit of work).
    /// </summary>
    public async Task<IReadOnlyList<SystemQueries.Route>> RouteAsync(string wabaId, IServiceProvider scope, CancellationToken cancellationToken)
    {
        var now = clock.GetTimestamp();
        if (entries.TryGetValue(wabaId, out var cached) && cached.Generation == Volatile.Read(ref generation) && clock.GetElapsedTime(cached.Stored, now) < TimeToLive)
        {
            return cached.Routes;
        }

        var before = Volatile.Read(ref generation);
        var routes = await scope.GetRequiredService<SystemQueries>().RouteWabaAsync(wabaId, cancellationToken);
        if (routes.Count > 0)
        {
            if (entries.Count >= MaxEntries)
            {
                entries.Clear();
            }

            // Stamped with the generation from before the query: if a change was committed meanwhile, the query may
            // not have seen it, and the entry is never served.
            entries[wabaId] = new Entry(routes, before, now);
        }

        return routes;
    }

    /// <summary>Forgets every route (a connection or organization changed somewhere).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    private sealed record Entry(IReadOnlyList<SystemQueries.Route> Routes, long Generation, long Stored);
}
