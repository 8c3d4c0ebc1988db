using System.Net.Http.Headers;
using WabaGate.Graph.Json;
using WabaGate.Graph.Media;

namespace WabaGate.Graph.Client;

public sealed partial class GraphClient
{
    /// <summary>
    /// Uploads media (<c>POST /{phone_number_id}/media</c>, multipart: messaging_product, type, file).
    /// The stream is read once; uploads are never retried.
    /// </summary>
    public Task<MediaUploadResponse> UploadMediaAsync(string phoneNumberId, Stream file, string fileName, string mimeType, string accessToken, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(file);
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(mimeType);
        return SendAsync(
            new GraphCall(HttpMethod.Post, $"{Seg(phoneNumberId)}/media", Idempotent: false)
            {
                AccessToken = RequireToken(accessToken),
                Content = () =>
                {
                    var filePart = new StreamContent(file);
                    filePart.Headers.ContentType = MediaTypeHeaderValue.Parse(mimeType);
                    return new MultipartFormDataContent
                    {
                        { new StringContent("whatsapp"), "messaging_product" },
                        { new StringContent(mimeType), "type" },
                        { filePart, "file", fileName },
                    };
                },
            },
            GraphJsonContext.Default.MediaUploadResponse,
            ct);
    }

    /// <summary>Reads media metadata and a 5-minute download URL (<c>GET /{media_id}</c>).</summary>
    public Task<MediaInfo> GetMediaAsync(string mediaId, string accessToken, string? phoneNumberId = null, CancellationToken ct = default) =>
        SendAsync(
            new GraphCall(HttpMethod.Get, Seg(mediaId), Idempotent: true)
            {
                AccessToken = RequireToken(accessToken),
                Query = [new("phone_number_id", phoneNumberId)],
            },
            GraphJsonContext.Default.MediaInfo,
            ct);

    /// <summary>
    /// Downloads the file at a media <paramref name="url"/> (from <see cref="GetMediaAsync"/> or a webhook) with the
    /// bearer token, streaming. An expired URL answers 404: fetch a fresh one and try again.
    /// </summary>
    public async Task<MediaDownload> DownloadMediaAsync(string url, string accessToken, CancellationToken ct = default)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new ArgumentException("The media URL must be an absolute http(s) URL.", nameof(url));
        }

        var response = await SendRawAsync(
            new GraphCall(HttpMethod.Get, "", Idempotent: true) { AccessToken = RequireToken(accessToken), AbsoluteUrl = uri },
            HttpCompletionOption.ResponseHeadersRead,
            ct);
        try
        {
            return new MediaDownload(response, await response.Content.ReadAsStreamAsync(ct));
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Deletes uploaded media (<c>DELETE /{media_id}</c>).</summary>
    public Task DeleteMediaAsync(string mediaId, string accessToken, string? phoneNumberId = null, CancellationToken ct = default) =>
        SendAsync(
            new GraphCall(HttpMethod.Delete, Seg(mediaId), Idempotent: true)
            {
                AccessToken = RequireToken(accessToken),
                Query = [new("phone_number_id", phoneNumberId)],
            },
            GraphJsonContext.Default.GraphSuccess,
            ct);
}
