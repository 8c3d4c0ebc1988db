using System.Collections.Concurrent;

namespace WabaGate.Server.Data;

/// <summary>
/// Remembers, for a short while, the reference data that every webhook and every send would otherwise read again:
/// which live connections hold a WABA (webhook routing), and a send's number and connection, approval policy and
/// template. Only found values are kept: something unknown is asked of the database every time, so a connection made
/// or a template synced a moment ago is usable at once.
/// <para>
/// Correct on changes: any write to the tables this data comes from (<see cref="ReferenceInvalidationInterceptor.Tables"/>)
/// made through EF on this node empties the cache when it executes and again when its transaction commits, and a
/// look-up that started before such a change never stores its result. On PostgreSQL triggers announce every committed
/// change of those tables to every node (<c>NOTIFY wabagate_reference</c>, <see cref="PostgresReferenceListener"/>),
/// which empties their caches too; the time-to-live is the backstop for a notification missed while a node's
/// listener reconnects.
/// </para>
/// <para>
/// Tenant-safe: every key of tenant data carries the organization it was read for (under that organization's query
/// filters and row-level security), so an entry is never served to another organization.
/// </para>
/// Bounded: at most <see cref="MaxEntries"/> entries; when full it starts over empty. Values are shared between
/// requests and must not be changed by them.
/// </summary>
internal sealed class ReferenceCache(TimeProvider clock)
{
    public const int MaxEntries = 10_000;
    public static readonly TimeSpan TimeToLive = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<object, Entry> entries = new();
    private long generation;

    /// <summary>
    /// The value stored under <paramref name="key"/> (a record struct naming what it is and for whom), or what
    /// <paramref name="load"/> finds, which is stored unless it is <see langword="null"/>.
    /// </summary>
    public async Task<TValue?> GetOrLoadAsync<TKey, TValue>(TKey key, Func<TKey, CancellationToken, Task<TValue?>> load, CancellationToken cancellationToken)
        where TKey : struct
        where TValue : class
    {
        var now = clock.GetTimestamp();
        if (entries.TryGetValue(key, out var cached) && cached.Generation == Volatile.Read(ref generation) && clock.GetElapsedTime(cached.Stored, now) < TimeToLive)
        {
            return (TValue)cached.Value;
        }

        var before = Volatile.Read(ref generation);
        var value = await load(key, cancellationToken);
        if (value is not null)
        {
            if (entries.Count >= MaxEntries)
            {
                entries.Clear();
            }

            // Stamped with the generation from before the query: if a change was committed meanwhile, the query may
            // not have seen it, and the entry is never served.
            entries[key] = new Entry(value, before, now);
        }

        return value;
    }

    /// <summary>
    /// The live connections holding <paramref name="wabaId"/>, from the cache or from the scope's
    /// <see cref="SystemQueries"/> (resolved only on a miss, so a hit builds no unit of work).
    /// </summary>
    public async Task<IReadOnlyList<SystemQueries.Route>> RouteAsync(string wabaId, IServiceProvider scope, CancellationToken cancellationToken)
        => await GetOrLoadAsync(new RouteKey(wabaId), async (key, ct) =>
        {
            var routes = await scope.GetRequiredService<SystemQueries>().RouteWabaAsync(key.WabaId, ct);
            return routes.Count > 0 ? routes : null;
        }, cancellationToken) ?? [];

    /// <summary>Forgets everything (reference data changed somewhere).</summary>
    public void Invalidate()
    {
        Interlocked.Increment(ref generation);
        entries.Clear();
    }

    private readonly record struct RouteKey(string WabaId);

    private sealed record Entry(object Value, long Generation, long Stored);
}
