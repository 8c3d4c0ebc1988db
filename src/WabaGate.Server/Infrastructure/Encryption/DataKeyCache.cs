using Microsoft.Extensions.Options;

namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>
/// Unwrapped data keys in memory: a small LRU bounded by <see cref="EncryptionOptions.DataKeyCacheSize"/> entries,
/// each living at most <see cref="EncryptionOptions.DataKeyCacheLifetime"/>. Version 0 stands for "the active key"
/// of an organization. Lookups allocate nothing. Evicted arrays are left to the GC rather than zeroed, because a
/// concurrent caller may still be constructing an <c>AesGcm</c> from them.
/// </summary>
internal sealed class DataKeyCache(IOptions<EncryptionOptions> options, TimeProvider time)
{
    public const int Active = 0;
    private readonly Lock gate = new();
    private readonly Dictionary<(Guid OrgId, int Version), LinkedListNode<Entry>> entries = [];
    private readonly LinkedList<Entry> recency = new();
    private readonly int capacity = options.Value.DataKeyCacheSize;
    private readonly long lifetimeTicks = (long)(options.Value.DataKeyCacheLifetime.TotalSeconds * time.TimestampFrequency);

    public int Count
    {
        get
        {
            lock (gate)
            {
                return entries.Count;
            }
        }
    }

    public DataKey? Get(Guid orgId, int version)
    {
        var now = time.GetTimestamp();
        lock (gate)
        {
            if (!entries.TryGetValue((orgId, version), out var node))
            {
                return null;
            }

            if (now >= node.Value.ExpiresAt)
            {
                Remove(node);
                return null;
            }

            recency.Remove(node);
            recency.AddFirst(node);
            return node.Value.Key;
        }
    }

    public void Set(int slot, DataKey key)
    {
        var entry = new Entry((key.OrgId, slot), key, time.GetTimestamp() + lifetimeTicks);
        lock (gate)
        {
            if (entries.TryGetValue(entry.Slot, out var existing))
            {
                Remove(existing);
            }

            entries[entry.Slot] = recency.AddFirst(entry);
            while (entries.Count > capacity)
            {
                Remove(recency.Last!);
            }
        }
    }

    public void Evict(Guid orgId, int version)
    {
        lock (gate)
        {
            if (entries.TryGetValue((orgId, version), out var node))
            {
                Remove(node);
            }
        }
    }

    public void EvictOrganization(Guid orgId)
    {
        lock (gate)
        {
            foreach (var node in entries.Where(e => e.Key.OrgId == orgId).Select(e => e.Value).ToList())
            {
                Remove(node);
            }
        }
    }

    private void Remove(LinkedListNode<Entry> node)
    {
        entries.Remove(node.Value.Slot);
        recency.Remove(node);
    }

    private sealed record Entry((Guid OrgId, int Version) Slot, DataKey Key, long ExpiresAt);
}
