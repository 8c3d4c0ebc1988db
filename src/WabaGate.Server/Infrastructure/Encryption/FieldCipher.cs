using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>
/// The field ciphertext format, AES-256-GCM with the organization's data key:
/// <code>
/// offset  0  1 byte   format version (1)
/// offset  1  4 bytes  data-key version, big-endian (which key of the organization encrypted it)
/// offset  5 12 bytes  random nonce
/// offset 17 16 bytes  authentication tag
/// offset 33  n bytes  ciphertext (same length as the plaintext)
/// </code>
/// Associated data (authenticated, not stored): the 5 header bytes ‖ org id (16 bytes) ‖ table ‖ row id ‖ column,
/// each string UTF-8 with a 4-byte big-endian length prefix so no two contexts encode alike.
/// </summary>
internal static class FieldCipher
{
    public const byte Format = 1;
    public const int HeaderSize = 5;
    public const int NonceSize = 12;
    public const int TagSize = 16;
    public const int Overhead = HeaderSize + NonceSize + TagSize;

    /// <summary>The data-key version named by a ciphertext; throws when it is not one of ours.</summary>
    public static int KeyVersion(ReadOnlySpan<byte> ciphertext)
    {
        if (ciphertext.Length < Overhead || ciphertext[0] != Format)
        {
            throw new CryptographicException("The value is not a WabaGate field ciphertext (unknown format or truncated).");
        }

        return BinaryPrimitives.ReadInt32BigEndian(ciphertext[1..]);
    }

    public static byte[] Encrypt(ReadOnlySpan<byte> plaintext, DataKey key, in EncryptionContext context)
    {
        var output = new byte[Overhead + plaintext.Length];
        output[0] = Format;
        BinaryPrimitives.WriteInt32BigEndian(output.AsSpan(1), key.Version);
        var nonce = output.AsSpan(HeaderSize, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aad = AssociatedData.Build(output.AsSpan(0, HeaderSize), context, stackalloc byte[256]);
        using var gcm = new AesGcm(key.Key, TagSize);
        gcm.Encrypt(nonce, plaintext, output.AsSpan(Overhead), output.AsSpan(HeaderSize + NonceSize, TagSize), aad.Span);
        return output;
    }

    /// <summary>Decrypts into <paramref name="destination"/> (length = ciphertext length − <see cref="Overhead"/>).</summary>
    public static void Decrypt(ReadOnlySpan<byte> ciphertext, DataKey key, in EncryptionContext context, Span<byte> destination)
    {
        if (KeyVersion(ciphertext) != key.Version)
        {
            throw new CryptographicException("The ciphertext names another data-key version than the key supplied.");
        }

        using var aad = AssociatedData.Build(ciphertext[..HeaderSize], context, stackalloc byte[256]);
        using var gcm = new AesGcm(key.Key, TagSize);
        try
        {
            gcm.Decrypt(ciphertext.Slice(HeaderSize, NonceSize), ciphertext[Overhead..], ciphertext.Slice(HeaderSize + NonceSize, TagSize), destination, aad.Span);
        }
        catch (AuthenticationTagMismatchException ex)
        {
            throw new CryptographicException(
                "The ciphertext failed authentication: it was altered, or belongs to another row, field or organization.", ex);
        }
    }

    /// <summary>The associated data, on the stack when it fits, else in a pooled array.</summary>
    private ref struct AssociatedData
    {
        private byte[]? rented;

        public ReadOnlySpan<byte> Span { get; private set; }

        public static AssociatedData Build(ReadOnlySpan<byte> header, in EncryptionContext context, Span<byte> stackBuffer)
        {
            ArgumentNullException.ThrowIfNull(context.Table);
            ArgumentNullException.ThrowIfNull(context.RowId);
            ArgumentNullException.ThrowIfNull(context.Column);
            var length = HeaderSize + 16 + 12 + Encoding.UTF8.GetByteCount(context.Table)
                + Encoding.UTF8.GetByteCount(context.RowId) + Encoding.UTF8.GetByteCount(context.Column);
            var result = default(AssociatedData);
            var buffer = length <= stackBuffer.Length ? stackBuffer : (result.rented = ArrayPool<byte>.Shared.Rent(length));
            header.CopyTo(buffer);
            context.OrgId.TryWriteBytes(buffer[HeaderSize..], bigEndian: true, out _);
            var offset = HeaderSize + 16;
            offset += WriteString(buffer[offset..], context.Table);
            offset += WriteString(buffer[offset..], context.RowId);
            offset += WriteString(buffer[offset..], context.Column);
            result.Span = buffer[..offset];
            return result;
        }

        public readonly void Dispose()
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }

        private static int WriteString(Span<byte> destination, string value)
        {
            var written = Encoding.UTF8.GetBytes(value, destination[4..]);
            BinaryPrimitives.WriteInt32BigEndian(destination, written);
            return 4 + written;
        }
    }
}
