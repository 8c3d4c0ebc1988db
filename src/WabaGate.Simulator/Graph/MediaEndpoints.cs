using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using WabaGate.Simulator.Control;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Graph;

/// <summary><c>POST /{phone}/media</c> (multipart upload), media metadata/delete helpers and the bearer-protected download.</summary>
internal static class MediaEndpoints
{
    public static void Map(RouteGroupBuilder graph)
    {
        graph.MapPost("/{id}/media", Upload).WithMetadata(new GraphOperation("media", KeepBody: true)).DisableAntiforgery();
    }

    public static void MapDownload(IEndpointRouteBuilder root)
    {
        root.MapGet(MediaUrls.Path, Download);
    }

    private static async Task<IResult> Upload(HttpContext http, SimulatorState state, string id)
    {
        if (PhoneNumberEndpoints.AccessiblePhone(http, state, id) is not { } phone) return GraphResult.Error(GraphErrors.ObjectNotFound(id, "post"));
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = MediaRules.MaxUploadBytes + (1024 * 1024);
        if (!http.Request.HasFormContentType) return GraphResult.Error(GraphErrors.InvalidParameter("Param file must be a file sent as multipart/form-data."));
        var form = await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = MediaRules.MaxUploadBytes + (1024 * 1024) }, http.RequestAborted);
        if (form["messaging_product"].ToString() != "whatsapp") return GraphResult.Error(GraphErrors.InvalidParameter("The parameter messaging_product is required and must be whatsapp."));
        var file = form.Files.GetFile("file");
        if (file is null) return GraphResult.Error(GraphErrors.InvalidParameter("The parameter file is required."));
        var mime = form["type"].ToString() is { Length: > 0 } declared ? declared : file.ContentType;
        if (string.IsNullOrEmpty(mime)) return GraphResult.Error(GraphErrors.InvalidParameter("The parameter type is required."));
        if (MediaRules.Check(mime, file.Length) is { } problem) return GraphResult.Error(GraphErrors.WhatsApp(131053, "Media upload error", problem));
        if (!string.IsNullOrEmpty(file.ContentType) && MediaRules.BaseType(file.ContentType) != MediaRules.BaseType(mime) && file.ContentType != "application/octet-stream")
        {
            return GraphResult.Error(GraphErrors.WhatsApp(131053, "Media upload error", $"The declared type '{mime}' does not match the file's type '{file.ContentType}'."));
        }

        using var buffer = new MemoryStream();
        await file.CopyToAsync(buffer, http.RequestAborted);
        var media = state.AddMedia(phone.Id, buffer.ToArray(), mime, file.FileName, state.Options.MediaRetention);
        return GraphResult.Ok(new JsonObject { ["id"] = media.Id });
    }

    public static SimMedia? Accessible(HttpContext http, SimulatorState state, string id)
    {
        var media = state.FindMedia(id);
        if (media is null) return null;
        var phone = state.FindPhone(media.PhoneNumberId);
        if (phone is null || !GraphContext.Get(http).CanAccessWaba(phone.WabaId)) return null;
        var only = GraphContext.Get(http).Params.Str("phone_number_id");
        return string.IsNullOrEmpty(only) || only == media.PhoneNumberId ? media : null;
    }

    public static IResult Metadata(HttpContext http, SimulatorState state, SimMedia media) => GraphResult.Ok(new JsonObject
    {
        ["messaging_product"] = "whatsapp",
        ["url"] = MediaUrls.Create(http, state, media),
        ["mime_type"] = media.MimeType,
        ["sha256"] = media.Sha256,
        ["file_size"] = media.Content.LongLength,
        ["id"] = media.Id,
    });

    private static IResult Download(HttpContext http, SimulatorState state, FaultInjector faults)
    {
        var q = http.Request.Query;
        var mediaId = q["mid"].ToString();
        if (faults.Take("media", MediaUrls.Path) is { } fault) return GraphResult.Error(fault);
        var token = GraphFilter.BearerToken(http.Request);
        var known = token is null ? null : state.FindToken(token);
        if (known is null || known.Revoked || (known.ExpiresAt is { } e && e <= state.Now))
        {
            return GraphResult.Error(GraphErrors.InvalidToken(401));
        }

        if (!MediaUrls.IsValid(state, mediaId, q["ext"].ToString(), q["hash"].ToString())) return Results.NotFound();
        var media = state.FindMedia(mediaId);
        var phone = media is null ? null : state.FindPhone(media.PhoneNumberId);
        if (media is null || phone is null || !known.WabaIds.Contains(phone.WabaId)) return Results.NotFound();
        return Results.File(media.Content, media.MimeType);
    }
}
