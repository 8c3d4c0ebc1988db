using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Client;
using WabaGate.Graph.Errors;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Connections;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Media;

/// <summary>The media download job's payload: the pending inbound media row.</summary>
internal sealed record MediaDownloadPayload(Guid MediaId);

/// <summary>
/// Downloads inbound media as soon as it is received (Meta's URLs live 5 minutes, media ids 7 days): the metadata
/// first (<c>GET /{media_id}</c>, a fresh URL every attempt), then the URL with the connection's token, then into
/// encrypted storage. Every failed attempt is written on the media row (attempts, error); retried with backoff, and
/// marked failed when Meta says it is permanent or the attempts run out.
/// </summary>
internal sealed class MediaDownloadJob(
    AppDbContext db, GraphClient graph, ConnectionSecrets secrets, MediaStore store, TimeProvider clock, ILogger<MediaDownloadJob> logger)
    : IJobHandler<MediaDownloadPayload>
{
    public const string Kind = "media.download";
    public const int MaxAttempts = 8;

    /// <summary>Larger than any media Meta delivers (documents: 100 MB).</summary>
    public const long MaxBytes = 100L * 1024 * 1024;

    public async Task<JobResult> HandleAsync(MediaDownloadPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        var media = await db.Set<MediaFile>().SingleOrDefaultAsync(m => m.Id == payload.MediaId, cancellationToken);
        if (media is not { State: MediaState.Pending, MetaMediaId: { } metaMediaId })
        {
            return JobResult.Success;
        }

        var connection = media.ConnectionId is { } connectionId
            ? await db.Set<Connection>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == connectionId, cancellationToken)
            : null;
        if (connection is null || await secrets.AccessTokenAsync(connection, cancellationToken) is not { } token)
        {
            return await FailAsync(media, context, "The connection has no access token.", permanent: true, cancellationToken);
        }

        media.Attempts++;
        try
        {
            var info = await graph.GetMediaAsync(metaMediaId, token, media.MetaPhoneNumberId, cancellationToken);
            await using var download = await graph.DownloadMediaAsync(info.Url, token, cancellationToken);
            if (download.ContentLength > MaxBytes)
            {
                return await FailAsync(media, context, "The media is larger than WabaGate accepts.", permanent: true, cancellationToken);
            }

            using var buffer = new MemoryStream();
            await CopyBoundedAsync(download.Content, buffer, cancellationToken);
            media.MimeType = info.MimeType ?? media.MimeType;
            await store.StoreBytesAsync(media, buffer.GetBuffer().AsMemory(0, (int)buffer.Length), cancellationToken);
            MediaLog.Downloaded(logger, media.Id, media.Size);
            return JobResult.Success;
        }
        catch (GraphApiException exception)
        {
            var permanent = exception.ErrorClass is GraphErrorClass.Permanent or GraphErrorClass.Auth;
            return await FailAsync(media, context, $"Meta error {exception.Code?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? exception.StatusCode?.ToString(System.Globalization.CultureInfo.InvariantCulture)}: {exception.GraphMessage ?? "no message"}", permanent, cancellationToken);
        }
        catch (Exception exception) when (exception is HttpRequestException or IOException or InvalidDataException)
        {
            return await FailAsync(media, context, exception.Message, permanent: false, cancellationToken);
        }
    }

    /// <summary>Records the attempt on the row (saved with the job's outcome) and retries or gives up.</summary>
    private async Task<JobResult> FailAsync(MediaFile media, JobContext context, string error, bool permanent, CancellationToken cancellationToken)
    {
        var last = permanent || context.IsLastAttempt;
        await db.Set<MediaFile>().Where(m => m.Id == media.Id).ExecuteUpdateAsync(
            s => s.SetProperty(m => m.Attempts, media.Attempts).SetProperty(m => m.Error, error)
                .SetProperty(m => m.State, last ? MediaState.Failed : MediaState.Pending).SetProperty(m => m.UpdatedAt, clock.GetUtcNow()),
            cancellationToken);
        db.ChangeTracker.Clear();
        MediaLog.DownloadFailed(logger, media.Id, media.Attempts, error);
        return last ? JobResult.Fail(error) : JobResult.RetryAt(clock.GetUtcNow() + JobBackoff.Delay(context.Attempt, TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(10)));
    }

    private static async Task CopyBoundedAsync(Stream source, MemoryStream target, CancellationToken cancellationToken)
    {
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellationToken)) > 0)
        {
            if (target.Length + read > MaxBytes)
            {
                throw new InvalidDataException("The media is larger than WabaGate accepts.");
            }

            target.Write(buffer, 0, read);
        }
    }
}

internal static partial class MediaLog
{
    [LoggerMessage(EventId = 4300, Level = LogLevel.Debug, Message = "Inbound media {MediaId} stored ({Size} bytes)")]
    public static partial void Downloaded(ILogger logger, Guid mediaId, long size);

    [LoggerMessage(EventId = 4301, Level = LogLevel.Warning, Message = "Inbound media {MediaId} download attempt {Attempt} failed: {Error}")]
    public static partial void DownloadFailed(ILogger logger, Guid mediaId, int attempt, string error);
}
