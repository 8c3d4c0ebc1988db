namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>Key lifecycle events. Ids, versions and key fingerprints only: never a key or a plaintext.</summary>
internal static partial class EncryptionLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Created data key version {Version} for organization {OrgId} under master key {MasterKeyId}")]
    public static partial void DataKeyCreated(ILogger logger, Guid orgId, int version, string masterKeyId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Destroyed {Count} data key(s) of organization {OrgId}; its encrypted data is now unreadable")]
    public static partial void DataKeysDestroyed(ILogger logger, Guid orgId, int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Re-wrapped {Count} data key(s) of organization {OrgId} under master key {MasterKeyId}")]
    public static partial void DataKeysRewrapped(ILogger logger, Guid orgId, int count, string masterKeyId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Using master key {MasterKeyId} with {PreviousCount} previous master key(s) for unwrapping")]
    public static partial void MasterKeyLoaded(ILogger logger, string masterKeyId, int previousCount);
}
