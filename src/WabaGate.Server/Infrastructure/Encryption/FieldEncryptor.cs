using System.Buffers;
using System.Security.Cryptography;
using System.Text;
using WabaGate.Server.Data;

namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>
/// <see cref="IFieldEncryptor"/> over <see cref="FieldCipher"/>. When the key is cached, a call allocates only the
/// result; temporary plaintext buffers come from the pool and are cleared before they go back.
/// </summary>
internal sealed class FieldEncryptor(DataKeyStore keys, TenantContext tenant) : IFieldEncryptor
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public async ValueTask<byte[]> EncryptAsync(ReadOnlyMemory<byte> plaintext, EncryptionContext context, CancellationToken cancellationToken = default)
    {
        var key = await keys.GetActiveAsync(Check(context), cancellationToken);
        return FieldCipher.Encrypt(plaintext.Span, key, context);
    }

    public async ValueTask<byte[]> DecryptAsync(ReadOnlyMemory<byte> ciphertext, EncryptionContext context, CancellationToken cancellationToken = default)
    {
        var key = await keys.GetAsync(Check(context), FieldCipher.KeyVersion(ciphertext.Span), cancellationToken);
        var plaintext = new byte[ciphertext.Length - FieldCipher.Overhead];
        FieldCipher.Decrypt(ciphertext.Span, key, context, plaintext);
        return plaintext;
    }

    public async ValueTask<byte[]> EncryptStringAsync(string plaintext, EncryptionContext context, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(plaintext);
        var key = await keys.GetActiveAsync(Check(context), cancellationToken);
        var buffer = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(plaintext.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(plaintext, buffer);
            return FieldCipher.Encrypt(buffer.AsSpan(0, length), key, context);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    public async ValueTask<string> DecryptStringAsync(ReadOnlyMemory<byte> ciphertext, EncryptionContext context, CancellationToken cancellationToken = default)
    {
        var key = await keys.GetAsync(Check(context), FieldCipher.KeyVersion(ciphertext.Span), cancellationToken);
        var length = ciphertext.Length - FieldCipher.Overhead;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            FieldCipher.Decrypt(ciphertext.Span, key, context, buffer.AsSpan(0, length));
            return StrictUtf8.GetString(buffer, 0, length);
        }
        catch (DecoderFallbackException ex)
        {
            throw new CryptographicException("The decrypted value is not UTF-8 text.", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer, clearArray: true);
        }
    }

    private Guid Check(in EncryptionContext context)
    {
        if (tenant.OrgId is { } current && current != context.OrgId)
        {
            throw new InvalidOperationException("The encryption context names another organization than the unit of work acts for.");
        }

        return context.OrgId;
    }
}
