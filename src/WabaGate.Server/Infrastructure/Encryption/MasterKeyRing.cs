using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>A master key and its public fingerprint (first 8 bytes of HMAC-SHA256(key, label), hex).</summary>
internal sealed record MasterKey(string Id, byte[] Key);

/// <summary>
/// The current master key (wraps) and previous ones (only unwrap). A wrapped data key is
/// <c>[1 format byte = 1][12-byte nonce][16-byte tag][32-byte ciphertext]</c>, AES-256-GCM with the associated
/// data <c>"wabagate/data-key/v1" ‖ org id ‖ version</c>, so a wrapped key cannot be moved to another
/// organization or version.
/// </summary>
internal sealed class MasterKeyRing
{
    public const int KeySize = 32;
    private const byte WrapFormat = 1;
    private const int NonceSize = 12;
    private const int TagSize = 16;
    private const int WrappedSize = 1 + NonceSize + TagSize + KeySize;
    private static readonly byte[] IdLabel = "wabagate/master-key-id/v1"u8.ToArray();
    private static readonly byte[] WrapLabel = "wabagate/data-key/v1"u8.ToArray();
    private readonly Dictionary<string, MasterKey> byId = new(StringComparer.Ordinal);

    public MasterKeyRing(IOptions<EncryptionOptions> options, ILogger<MasterKeyRing> logger)
    {
        var value = options.Value;
        Current = Create(value.MasterKey!);
        byId[Current.Id] = Current;
        foreach (var previous in value.PreviousMasterKeys)
        {
            var key = Create(previous);
            byId.TryAdd(key.Id, key);
        }

        EncryptionLog.MasterKeyLoaded(logger, Current.Id, byId.Count - 1);
    }

    public MasterKey Current { get; }

    public static bool TryParse(string? base64, [NotNullWhen(true)] out byte[]? key)
    {
        key = GC.AllocateArray<byte>(KeySize, pinned: true);
        if (base64 is not null && Convert.TryFromBase64String(base64.Trim(), key, out var written) && written == KeySize)
        {
            return true;
        }

        key = null;
        return false;
    }

    public byte[] Wrap(ReadOnlySpan<byte> dataKey, Guid orgId, int version)
    {
        var wrapped = new byte[WrappedSize];
        wrapped[0] = WrapFormat;
        var nonce = wrapped.AsSpan(1, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        Span<byte> aad = stackalloc byte[WrapLabel.Length + 20];
        WriteAad(aad, orgId, version);
        using var gcm = new AesGcm(Current.Key, TagSize);
        gcm.Encrypt(nonce, dataKey, wrapped.AsSpan(1 + NonceSize + TagSize), wrapped.AsSpan(1 + NonceSize, TagSize), aad);
        return wrapped;
    }

    /// <summary>Unwraps into a new pinned array; throws <see cref="CryptographicException"/> when it cannot.</summary>
    public byte[] Unwrap(ReadOnlySpan<byte> wrapped, string masterKeyId, Guid orgId, int version)
    {
        if (!byId.TryGetValue(masterKeyId, out var master))
        {
            throw new CryptographicException(
                $"Data key version {version} of organization {orgId} is wrapped by master key '{masterKeyId}', which is not configured. "
                + "Add that key to WabaGate:PreviousMasterKeys (and run `keys rotate-master`).");
        }

        if (wrapped.Length != WrappedSize || wrapped[0] != WrapFormat)
        {
            throw new CryptographicException($"Data key version {version} of organization {orgId} has an unknown wrapping format.");
        }

        Span<byte> aad = stackalloc byte[WrapLabel.Length + 20];
        WriteAad(aad, orgId, version);
        var key = GC.AllocateArray<byte>(KeySize, pinned: true);
        using var gcm = new AesGcm(master.Key, TagSize);
        gcm.Decrypt(wrapped.Slice(1, NonceSize), wrapped[(1 + NonceSize + TagSize)..], wrapped.Slice(1 + NonceSize, TagSize), key, aad);
        return key;
    }

    /// <summary>
    /// Encrypts a small system secret (not organization data) directly under the current master key:
    /// <c>[12-byte nonce][16-byte tag][ciphertext]</c>, AES-256-GCM with <paramref name="label"/> as associated data.
    /// </summary>
    public byte[] Seal(ReadOnlySpan<byte> plaintext, ReadOnlySpan<byte> label)
    {
        var sealedBytes = new byte[NonceSize + TagSize + plaintext.Length];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var gcm = new AesGcm(Current.Key, TagSize);
        gcm.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), label);
        return sealedBytes;
    }

    /// <summary>Reverses <see cref="Seal"/> with the named master key; throws <see cref="CryptographicException"/> when it cannot.</summary>
    public byte[] Open(ReadOnlySpan<byte> sealedBytes, string masterKeyId, ReadOnlySpan<byte> label)
    {
        if (!byId.TryGetValue(masterKeyId, out var master) || sealedBytes.Length < NonceSize + TagSize)
        {
            throw new CryptographicException($"A secret sealed by master key '{masterKeyId}' cannot be opened: that key is not configured.");
        }

        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        using var gcm = new AesGcm(master.Key, TagSize);
        gcm.Decrypt(sealedBytes[..NonceSize], sealedBytes[(NonceSize + TagSize)..], sealedBytes.Slice(NonceSize, TagSize), plaintext, label);
        return plaintext;
    }

    public static string Fingerprint(ReadOnlySpan<byte> key)
    {
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key, IdLabel, mac);
        return Convert.ToHexStringLower(mac[..8]);
    }

    private static MasterKey Create(string base64)
    {
        if (!TryParse(base64, out var key))
        {
            throw new InvalidOperationException("A configured master key is not base64 of exactly 32 bytes.");
        }

        return new MasterKey(Fingerprint(key), key);
    }

    private static void WriteAad(Span<byte> aad, Guid orgId, int version)
    {
        WrapLabel.CopyTo(aad);
        orgId.TryWriteBytes(aad.Slice(WrapLabel.Length, 16), bigEndian: true, out _);
        BinaryPrimitives.WriteInt32BigEndian(aad[(WrapLabel.Length + 16)..], version);
    }
}
