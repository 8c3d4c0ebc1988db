namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>
/// Master keys from <c>WabaGate:MasterKey</c> / <c>WabaGate:PreviousMasterKeys</c> (array or comma list) and
/// the data-key cache settings from <c>WabaGate:Encryption</c>. Key values are base64 of 32 bytes.
/// </summary>
internal sealed class EncryptionOptions
{
    public const string Section = "WabaGate:Encryption";

    /// <summary>Wraps every new or re-wrapped data key. Generated into the data directory in sandbox mode.</summary>
    public string? MasterKey { get; set; }

    /// <summary>Older master keys, only to unwrap data keys not yet re-wrapped (<c>keys rotate-master</c>).</summary>
    public IReadOnlyList<string> PreviousMasterKeys { get; set; } = [];

    /// <summary>Most unwrapped data keys held in memory at once.</summary>
    public int DataKeyCacheSize { get; set; } = 4096;

    /// <summary>How long an unwrapped key stays cached; bounds how late other instances see rotation or destruction.</summary>
    public TimeSpan DataKeyCacheLifetime { get; set; } = TimeSpan.FromMinutes(5);

    public static IReadOnlyList<string> ReadList(IConfigurationSection section)
    {
        var values = section.GetChildren().Select(c => c.Value).ToList();
        values.Add(section.Value);
        return values
            .SelectMany(v => (v ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>Null when valid, else a message that names the setting but never echoes a key.</summary>
    public string? Problem()
    {
        if (string.IsNullOrWhiteSpace(MasterKey))
        {
            return "WabaGate:MasterKey is not set. In production the master key must be configured (for example the "
                + "environment variable WabaGate__MasterKey) as base64 of 32 random bytes, e.g. `openssl rand -base64 32`. "
                + "Keep it outside the database and its backups: without it no encrypted data can be read.";
        }

        if (!MasterKeyRing.TryParse(MasterKey, out _))
        {
            return "WabaGate:MasterKey is not base64 of exactly 32 bytes.";
        }

        if (PreviousMasterKeys.Any(k => !MasterKeyRing.TryParse(k, out _)))
        {
            return "An entry of WabaGate:PreviousMasterKeys is not base64 of exactly 32 bytes.";
        }

        return DataKeyCacheSize < 1 || DataKeyCacheLifetime <= TimeSpan.Zero
            ? "WabaGate:Encryption:DataKeyCacheSize and DataKeyCacheLifetime must be positive."
            : null;
    }
}
