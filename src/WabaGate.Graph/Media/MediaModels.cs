using System.Text.Json.Serialization;

namespace WabaGate.Graph.Media;

/// <summary>Response of a media upload: <c>{"id": "..."}</c>.</summary>
public sealed record MediaUploadResponse(string Id);

/// <summary>Media metadata from <c>GET /{media_id}</c>; <see cref="Url"/> lives 5 minutes and needs the bearer token.</summary>
public sealed record MediaInfo
{
    public string? MessagingProduct { get; init; }
    public required string Url { get; init; }
    public string? MimeType { get; init; }

    /// <summary>Base64 SHA-256 of the file.</summary>
    [JsonPropertyName("sha256")]
    public string? Sha256 { get; init; }

    /// <summary>Bytes (Meta's docs show a string, real responses a number: both are read).</summary>
    public long? FileSize { get; init; }

    public required string Id { get; init; }
}

/// <summary>A downloaded media file. Dispose it to release the connection.</summary>
public sealed class MediaDownload(HttpResponseMessage response, Stream content) : IDisposable, IAsyncDisposable
{
    /// <summary>The file's bytes, streamed.</summary>
    public Stream Content { get; } = content;

    /// <summary>The MIME type Meta served the file with.</summary>
    public string? ContentType => response.Content.Headers.ContentType?.ToString();

    public long? ContentLength => response.Content.Headers.ContentLength;

    public void Dispose()
    {
        Content.Dispose();
        response.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync();
        response.Dispose();
    }
}
