namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>
/// Encrypts field values with the organization's active data key and decrypts them with whichever key version
/// they name. The context (organization + table + row id + column) is authenticated, so decryption fails with a
/// <see cref="System.Security.Cryptography.CryptographicException"/> when the value was altered or moved;
/// <see cref="DataKeyDestroyedException"/> when the organization's keys were destroyed. Scoped: when the unit
/// of work acts for an organization, the context must name that same organization.
/// </summary>
public interface IFieldEncryptor
{
    ValueTask<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, EncryptionContext context, CancellationToken cancellationToken = default);

    ValueTask<byte[]> DecryptAsync(ReadOnlyMemory<byte> ciphertext, EncryptionContext context, CancellationToken cancellationToken = default);

    /// <summary>Encrypts the UTF-8 bytes of <paramref name="plaintext"/>.</summary>
    ValueTask<byte[]> EncryptStringAsync(string plaintext, EncryptionContext context, CancellationToken cancellationToken = default);

    ValueTask<string> DecryptStringAsync(ReadOnlyMemory<byte> ciphertext, EncryptionContext context, CancellationToken cancellationToken = default);
}
