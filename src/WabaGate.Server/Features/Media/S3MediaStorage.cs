using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using Microsoft.Extensions.Options;

namespace WabaGate.Server.Features.Media;

/// <summary>
/// Media bytes (already encrypted) in an S3-compatible bucket, for deployments with several nodes: path-style
/// <c>PUT</c>/<c>GET</c>/<c>DELETE {Endpoint}/{Bucket}/{key}</c> signed with <see cref="AwsSignatureV4"/>.
/// </summary>
internal sealed class S3MediaStorage(HttpClient http, IOptions<MediaOptions> options, TimeProvider clock) : IMediaStorage
{
    public const string HttpClientName = "media-s3";

    private S3MediaOptions S3 => options.Value.S3;

    public async Task WriteAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        using var content = new ReadOnlyMemoryContent(bytes);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        using var response = await SendAsync(HttpMethod.Put, key, content, AwsSignatureV4.Hex(SHA256.HashData(bytes.Span)), cancellationToken);
        await EnsureAsync(response, "write", cancellationToken);
    }

    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Get, key, null, AwsSignatureV4.EmptyPayloadHash, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        await EnsureAsync(response, "read", cancellationToken);
        return await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    public async Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        using var response = await SendAsync(HttpMethod.Delete, key, null, AwsSignatureV4.EmptyPayloadHash, cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureAsync(response, "delete", cancellationToken);
        }
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string key, HttpContent? content, string payloadHash, CancellationToken ct)
    {
        MediaStorageKeys.Validate(key);
        var uri = new Uri(S3.Endpoint!, $"{S3.Bucket}/{key}");
        var now = clock.GetUtcNow();
        var headers = new Dictionary<string, string>
        {
            ["host"] = uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}",
            ["x-amz-content-sha256"] = payloadHash,
            ["x-amz-date"] = AwsSignatureV4.AmzDate(now),
        };
        using var request = new HttpRequestMessage(method, uri) { Content = content };
        request.Headers.TryAddWithoutValidation("x-amz-content-sha256", payloadHash);
        request.Headers.TryAddWithoutValidation("x-amz-date", headers["x-amz-date"]);
        request.Headers.TryAddWithoutValidation("Authorization", AwsSignatureV4.Authorization(
            method.Method, uri, headers, payloadHash, new AwsCredentials(S3.AccessKey!, S3.SecretKey!, S3.Region), now));
        return await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string what, CancellationToken ct)
    {
        if (!response.IsSuccessStatusCode)
        {
            // The body is S3's XML error (code and message); it holds no secret, but keep it short.
            var body = await response.Content.ReadAsStringAsync(ct);
            throw new IOException($"The media store refused to {what} an object: HTTP {(int)response.StatusCode} {body[..Math.Min(body.Length, 300)]}");
        }
    }
}
