using System.Security.Cryptography;

namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>An unwrapped data key (32 pinned bytes) of one organization and version. Lives only in memory.</summary>
internal sealed record DataKey(Guid OrgId, int Version, byte[] Key);

/// <summary>The organization's data keys were destroyed: its encrypted data can no longer be read or written.</summary>
public sealed class DataKeyDestroyedException : CryptographicException
{
    public DataKeyDestroyedException(Guid orgId)
        : base($"The data keys of organization {orgId} were destroyed; its encrypted data is unreadable.") => OrgId = orgId;

    public DataKeyDestroyedException()
    {
    }

    public DataKeyDestroyedException(string message)
        : base(message)
    {
    }

    public DataKeyDestroyedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public Guid OrgId { get; }
}
