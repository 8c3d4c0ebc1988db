using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Media;

/// <summary>
/// Checks an uploaded file against <see cref="MediaRules"/> and stores it encrypted through <see cref="MediaStore"/>.
/// The multipart reader has already spooled a large file to a temporary file; it is read into memory once to be
/// encrypted, and <see cref="MediaUploadGate"/> limits how many uploads do that at once.
/// </summary>
internal sealed class MediaUploads(AppDbContext db, MediaStore store, MediaUploadGate gate)
{
    private const int HeadBytes = 64;

    public async Task<UploadedMediaDto> StoreAsync(Guid orgId, Guid connectionId, IFormFile file, CancellationToken ct)
    {
        var mimeType = string.IsNullOrWhiteSpace(file.ContentType) ? "application/octet-stream" : file.ContentType.Trim();
        var head = new byte[Math.Min(HeadBytes, file.Length)];
        await using (var stream = file.OpenReadStream())
        {
            await stream.ReadExactlyAsync(head, ct);
        }

        if (MediaRules.Check(mimeType, file.Length, head) is { } failure)
        {
            throw failure.TooLarge
                ? new ApiProblemException(ProblemCodes.PayloadTooLarge, StatusCodes.Status413PayloadTooLarge, failure.Detail)
                : new ApiProblemException(MediaUploadApi.UnsupportedMedia, StatusCodes.Status422UnprocessableEntity, failure.Detail);
        }

        var fileName = string.IsNullOrWhiteSpace(file.FileName) ? null : Path.GetFileName(file.FileName);
        await gate.WaitAsync(ct);
        try
        {
            var bytes = new byte[file.Length];
            await using (var stream = file.OpenReadStream())
            {
                await stream.ReadExactlyAsync(bytes, ct);
            }

            var media = await store.AddAsync(orgId, connectionId, MediaOrigin.Upload, mimeType, fileName, bytes, ct);
            await db.SaveChangesAsync(ct);
            return new UploadedMediaDto(media.Id, MediaRules.Find(mimeType)!.Kind, media.MimeType, media.Size, media.Sha256!, fileName, media.CreatedAt);
        }
        finally
        {
            gate.Release();
        }
    }
}

/// <summary>How many uploads this node holds in memory at once (<see cref="MediaOptions.MaxConcurrentUploads"/>).</summary>
internal sealed class MediaUploadGate(IOptions<MediaOptions> options) : IDisposable
{
    private readonly SemaphoreSlim slots = new(options.Value.MaxConcurrentUploads, options.Value.MaxConcurrentUploads);

    public Task WaitAsync(CancellationToken ct) => slots.WaitAsync(ct);

    public void Release() => slots.Release();

    public void Dispose() => slots.Dispose();
}
