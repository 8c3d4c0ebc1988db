using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Client;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Media;

/// <summary>
/// Gives a stored WabaGate media file a Meta media id for one phone number, uploading the bytes on first use and
/// again when Meta's copy is about to expire (uploads live 30 days) or Meta says it is gone. The Meta id, the
/// number and the upload time are recorded on the <see cref="MediaFile"/> (saved by the caller's unit of work).
/// </summary>
public sealed class MediaUploader(AppDbContext db, MediaStore store, GraphClient graph, TimeProvider clock)
{
    /// <summary>Re-upload when Meta's copy is older than this (a day of margin before Meta's 30 days).</summary>
    public static readonly TimeSpan ReuseFor = TimeSpan.FromDays(29);

    /// <summary>The Meta media id to send <paramref name="mediaId"/> from <paramref name="phoneNumberId"/>; uploads when needed.</summary>
    /// <param name="mediaId">The WabaGate media row.</param>
    /// <param name="phoneNumberId">Meta's phone number id (uploads belong to a number).</param>
    /// <param name="accessToken">The connection's token.</param>
    /// <param name="forceUpload">Meta reported the previous upload missing: upload again whatever its age.</param>
    /// <param name="ct">Cancels the upload.</param>
    public async Task<MetaMedia> MetaIdAsync(Guid mediaId, string phoneNumberId, string accessToken, bool forceUpload, CancellationToken ct)
    {
        var media = await db.Set<MediaFile>().SingleOrDefaultAsync(m => m.Id == mediaId, ct)
            ?? throw new InvalidOperationException("The media to send no longer exists.");
        var now = clock.GetUtcNow();
        if (!forceUpload && media.MetaMediaId is { } existing && media.MetaPhoneNumberId == phoneNumberId
            && media.MetaUploadedAt is { } uploadedAt && now - uploadedAt < ReuseFor)
        {
            return new MetaMedia(existing, Uploaded: false);
        }

        var read = await store.ReadAsync(mediaId, ct) ?? throw new InvalidOperationException("The media's bytes are not in storage.");
        var fileName = await store.FileNameAsync(media, ct) ?? $"{media.Id:N}";
        using var stream = new MemoryStream(read.Bytes, writable: false);
        var uploaded = await graph.UploadMediaAsync(phoneNumberId, stream, fileName, media.MimeType, accessToken, ct);
        media.MetaMediaId = uploaded.Id;
        media.MetaPhoneNumberId = phoneNumberId;
        media.MetaUploadedAt = now;
        media.UpdatedAt = now;
        return new MetaMedia(uploaded.Id, Uploaded: true);
    }
}

/// <summary>A Meta media id, and whether it was uploaded just now (a reused one may have expired at Meta).</summary>
public sealed record MetaMedia(string Id, bool Uploaded);
