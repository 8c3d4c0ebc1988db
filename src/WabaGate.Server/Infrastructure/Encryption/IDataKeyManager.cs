namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>The outcome of <see cref="IDataKeyManager.RewrapAllAsync"/>.</summary>
public sealed record MasterKeyRotationResult(string MasterKeyId, int Organizations, int RewrappedKeys);

/// <summary>Key lifecycle: data-key rotation, crypto-shredding, and re-wrapping after a master-key change.</summary>
public interface IDataKeyManager
{
    /// <summary>Adds a new data-key version that encrypts new writes; older versions keep decrypting. Returns it.</summary>
    Task<int> RotateOrganizationKeyAsync(Guid orgId, CancellationToken cancellationToken = default);

    /// <summary>Overwrites every wrapped key of the organization and marks it destroyed: its data becomes unreadable.</summary>
    Task DestroyOrganizationKeysAsync(Guid orgId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Re-wraps every organization's live data keys that are not yet under the current master key (unwrapping with
    /// <c>WabaGate:PreviousMasterKeys</c>). Idempotent; afterwards the previous master keys can be removed.
    /// </summary>
    Task<MasterKeyRotationResult> RewrapAllAsync(CancellationToken cancellationToken = default);
}
