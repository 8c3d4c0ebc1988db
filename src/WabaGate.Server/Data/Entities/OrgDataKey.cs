namespace WabaGate.Server.Data.Entities;

/// <summary>
/// One version of an organization's data key, wrapped (AES-256-GCM) by the master key named in
/// <see cref="MasterKeyId"/>. The highest live version encrypts new data; older versions still decrypt.
/// A destroyed key keeps its row as a tombstone with an empty <see cref="WrappedKey"/>.
/// </summary>
public sealed class OrgDataKey : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    public int Version { get; set; }

    public byte[] WrappedKey { get; set; } = [];

    /// <summary>Fingerprint of the master key that wrapped this key (never the key itself).</summary>
    public string MasterKeyId { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset? DestroyedAt { get; set; }
}
