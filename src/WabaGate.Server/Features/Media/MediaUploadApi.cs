using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Media;

/// <summary><c>POST /api/v1/media</c>: the uploaded file, checked against Meta's types and limits, stored encrypted.</summary>
public sealed record UploadedMediaDto(Guid Id, string Kind, string MimeType, long Size, string Sha256, string? FileName, DateTimeOffset CreatedAt);

internal static class MediaUploadApi
{
    public const string UnsupportedMedia = "unsupported_media";

    /// <summary>The largest kind (documents, 100 MB) plus room for the multipart framing and the other fields.</summary>
    public const long RequestLimit = MediaRules.MaxBytes + (1024 * 1024);

    public static RouteGroupBuilder MapMediaUpload(this RouteGroupBuilder api)
    {
        api.MapPost("/media", Upload).WithTags("Media").DisableAntiforgery().WithRequestBodyLimit(RequestLimit)
            .WithSummary("Upload a file to send (multipart: file, connectionId); checked against Meta's types and size limits (422 unsupported_media, 413) and stored encrypted.");
        return api;
    }

    private static async Task<Results<Created<UploadedMediaDto>, ProblemHttpResult>> Upload(
        HttpRequest request, ClaimsPrincipal principal, AppDbContext db, MediaUploads uploads, CancellationToken ct)
    {
        if (!request.HasFormContentType)
        {
            return ApiResults.Problem(ProblemCodes.UnsupportedMediaType, StatusCodes.Status415UnsupportedMediaType,
                "Send multipart/form-data with a 'file' part and a 'connectionId' field.");
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(ct);
        }
        catch (InvalidDataException)
        {
            return ApiResults.Problem(ProblemCodes.InvalidRequest, StatusCodes.Status400BadRequest, "The multipart body is malformed.");
        }

        var errors = new Dictionary<string, string[]>();
        var file = form.Files.GetFile("file");
        if (file is null)
        {
            errors["file"] = ["Attach the file as the 'file' part."];
        }

        if (!Guid.TryParse(form["connectionId"], out var connectionId))
        {
            errors["connectionId"] = ["Give the id of the connection that will send the file."];
        }

        if (errors.Count > 0)
        {
            return ApiResults.ValidationFailed(errors);
        }

        if (!await db.Set<Connection>().AnyAsync(c => c.Id == connectionId, ct))
        {
            return ApiResults.NotFound("No connection with this id.");
        }

        var media = await uploads.StoreAsync(Caller.From(principal).OrgId, connectionId, file!, ct);
        return TypedResults.Created($"/api/v1/media/{media.Id}", media);
    }
}
