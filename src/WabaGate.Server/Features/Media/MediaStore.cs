using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Encryption;

namespace WabaGate.Server.Features.Media;

/// <summary>
/// The one way media bytes enter and leave WabaGate: encrypted with the organization's key (the media row's id as
/// associated data) on the way into <see cref="IMediaStorage"/>, decrypted on the way out. Callers work in the
/// organization's scope; the <see cref="MediaFile"/> row is tracked and saved by the caller's unit of work.
/// </summary>
public sealed class MediaStore(AppDbContext db, IMediaStorage storage, IFieldEncryptor encryptor, TimeProvider clock)
{
    /// <summary>Encrypts and stores <paramref name="bytes"/> for <paramref name="media"/> (new or pending) and marks it stored.</summary>
    public async Task StoreBytesAsync(MediaFile media, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var cipher = await encryptor.EncryptAsync(bytes, Context(media), cancellationToken);
        var key = media.StorageKey ?? $"{media.OrgId:N}/{media.CreatedAt:yyyy-MM}/{media.Id:N}";
        await storage.WriteAsync(key, cipher, cancellationToken);
        media.StorageKey = key;
        media.Size = bytes.Length;
        media.Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes.Span));
        media.State = MediaState.Stored;
        media.Error = null;
        media.UpdatedAt = clock.GetUtcNow();
    }

    /// <summary>A new stored media row (added to the context, not yet saved).</summary>
    public async Task<MediaFile> AddAsync(Guid orgId, Guid? connectionId, MediaOrigin origin, string mimeType, string? fileName, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var media = new MediaFile { OrgId = orgId, ConnectionId = connectionId, Origin = origin, MimeType = mimeType, CreatedAt = now, UpdatedAt = now };
        if (fileName is not null)
        {
            media.FileNameCipher = await encryptor.EncryptStringAsync(fileName, EncryptionContext.For(orgId, "media", media.Id, "file_name"), cancellationToken);
        }

        await StoreBytesAsync(media, bytes, cancellationToken);
        db.Add(media);
        return media;
    }

    /// <summary>The decrypted bytes of a stored media row of the current organization, or <see langword="null"/>.</summary>
    public async Task<(MediaFile Media, byte[] Bytes)?> ReadAsync(Guid mediaId, CancellationToken cancellationToken)
    {
        var media = await db.Set<MediaFile>().SingleOrDefaultAsync(m => m.Id == mediaId, cancellationToken);
        if (media is not { State: MediaState.Stored, StorageKey: { } key } || await storage.ReadAsync(key, cancellationToken) is not { } cipher)
        {
            return null;
        }

        return (media, await encryptor.DecryptAsync(cipher, Context(media), cancellationToken));
    }

    public async Task<string?> FileNameAsync(MediaFile media, CancellationToken cancellationToken)
        => media.FileNameCipher is null ? null : await encryptor.DecryptStringAsync(media.FileNameCipher, EncryptionContext.For(media.OrgId, "media", media.Id, "file_name"), cancellationToken);

    private static EncryptionContext Context(MediaFile media) => EncryptionContext.For(media.OrgId, "media", media.Id, "bytes");
}
