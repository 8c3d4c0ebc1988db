using Microsoft.AspNetCore.Http.HttpResults;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Media;

/// <summary><c>GET /api/v1/media/{id}/content</c>: a media file's decrypted bytes, for members of its organization only.</summary>
internal static class MediaContentApi
{
    public static RouteGroupBuilder MapMediaContent(this RouteGroupBuilder api)
    {
        api.MapGet("/media/{id:guid}/content", Content).WithTags("Media")
            .WithSummary("The media file's decrypted bytes with their content type (inbound media is downloaded on receipt).");
        return api;
    }

    /// <summary>The EF tenant filter (and RLS) scopes the lookup: another organization's id is simply not found.</summary>
    private static async Task<Results<FileContentHttpResult, ProblemHttpResult>> Content(Guid id, MediaStore store, HttpResponse response, CancellationToken ct)
    {
        if (await store.ReadAsync(id, ct) is not { } found)
        {
            return ApiResults.NotFound("No stored media with this id in your organization (inbound media may still be downloading).");
        }

        response.Headers.CacheControl = "private, no-store";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        var fileName = await store.FileNameAsync(found.Media, ct);
        return TypedResults.File(found.Bytes, found.Media.MimeType, fileName);
    }
}
