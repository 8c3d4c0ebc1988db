using System.Collections.Concurrent;
using static WabaGate.Server.Data.SystemQueries;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>
/// Verified API keys for a few seconds, so a busy client does not cost a database look-up (and a last-used write
/// check) per request. Keyed by the secret's SHA-256 (the secret itself is never kept); only valid keys are cached,
/// so unknown keys cannot fill it. Bounded: past <see cref="Capacity"/> entries it starts over. A revocation on this
/// node removes the key at once (<see cref="Invalidate"/>); other nodes stop accepting it within <see cref="Ttl"/>.
/// </summary>
internal sealed class ApiKeyCache(TimeProvider clock)
{
    public const int Capacity = 4096;
    public static readonly TimeSpan Ttl = TimeSpan.FromSeconds(10);

    private readonly ConcurrentDictionary<string, Entry> entries = new(StringComparer.Ordinal);
    private long generation;

    /// <summary>Read before the database look-up and handed to <see cref="Add"/>: a revocation in between wins.</summary>
    public long Generation => Interlocked.Read(ref generation);

    public ApiKeyMatch? Find(byte[] hash)
    {
        var key = Convert.ToBase64String(hash);
        if (!entries.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (clock.GetUtcNow() - entry.CachedAt > Ttl)
        {
            entries.TryRemove(new KeyValuePair<string, Entry>(key, entry));
            return null;
        }

        return entry.Match;
    }

    /// <summary>Caches a valid key looked up while <see cref="Generation"/> was <paramref name="seenGeneration"/>.</summary>
    public void Add(byte[] hash, ApiKeyMatch match, long seenGeneration)
    {
        if (match.Revoked)
        {
            return;
        }

        if (entries.Count >= Capacity)
        {
            entries.Clear();
        }

        var key = Convert.ToBase64String(hash);
        entries[key] = new Entry(match, clock.GetUtcNow());

        // A revocation that began after the look-up may have missed this entry: take it out again.
        if (Generation != seenGeneration)
        {
            entries.TryRemove(key, out _);
        }
    }

    /// <summary>The key was revoked: forget it now (the generation moves first, so a look-up racing with the revocation cannot re-add it).</summary>
    public void Invalidate(Guid keyId)
    {
        Interlocked.Increment(ref generation);
        foreach (var (key, entry) in entries)
        {
            if (entry.Match.Id == keyId)
            {
                entries.TryRemove(key, out _);
            }
        }
    }

    private sealed record Entry(ApiKeyMatch Match, DateTimeOffset CachedAt);
}
