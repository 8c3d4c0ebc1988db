using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WabaGate.Server.Features.Media;

/// <summary>
/// AWS Signature Version 4 for S3-compatible stores, written out so no AWS SDK is needed: the canonical request
/// (method, URI, sorted query, sorted lower-case headers, signed header list, payload hash), the string to sign, the
/// derived key (<c>AWS4{secret}</c> → date → region → service → <c>aws4_request</c>) and the <c>Authorization</c> header.
/// </summary>
internal static class AwsSignatureV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";

    /// <summary>The SHA-256 of an empty payload, as S3 expects in <c>x-amz-content-sha256</c> for bodiless requests.</summary>
    public static readonly string EmptyPayloadHash = Hex(SHA256.HashData([]));

    /// <param name="method">HTTP method, upper case.</param>
    /// <param name="uri">The absolute request URI (path already escaped as it is sent).</param>
    /// <param name="headers">Every header to sign, including <c>host</c> and <c>x-amz-date</c>.</param>
    /// <param name="payloadHash">Hex SHA-256 of the body (or <c>UNSIGNED-PAYLOAD</c>).</param>
    /// <param name="credentials">Access and secret key, region and service (<c>s3</c>).</param>
    /// <param name="time">The request time; must equal the <c>x-amz-date</c> header.</param>
    public static string Authorization(string method, Uri uri, IReadOnlyDictionary<string, string> headers, string payloadHash, AwsCredentials credentials, DateTimeOffset time)
    {
        ArgumentNullException.ThrowIfNull(uri);
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(credentials);
        var date = time.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{date}/{credentials.Region}/{credentials.Service}/aws4_request";
        var (canonical, signedHeaders) = CanonicalRequest(method, uri, headers, payloadHash);
        var toSign = StringToSign(time, scope, canonical);
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + credentials.SecretKey), date), credentials.Region), credentials.Service), "aws4_request");
        var signature = Hex(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(toSign)));
        return $"{Algorithm} Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}";
    }

    internal static (string Canonical, string SignedHeaders) CanonicalRequest(string method, Uri uri, IReadOnlyDictionary<string, string> headers, string payloadHash)
    {
        var sorted = headers.Select(h => (Name: h.Key.Trim().ToLowerInvariant(), Value: Collapse(h.Value)))
            .OrderBy(h => h.Name, StringComparer.Ordinal).ToList();
        var signed = string.Join(';', sorted.Select(h => h.Name));
        var builder = new StringBuilder()
            .Append(method).Append('\n')
            .Append(string.IsNullOrEmpty(uri.AbsolutePath) ? "/" : uri.AbsolutePath).Append('\n')
            .Append(CanonicalQuery(uri.Query)).Append('\n');
        foreach (var (name, value) in sorted)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n').Append(signed).Append('\n').Append(payloadHash);
        return (builder.ToString(), signed);
    }

    internal static string StringToSign(DateTimeOffset time, string scope, string canonicalRequest)
        => $"{Algorithm}\n{AmzDate(time)}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";

    /// <summary>The <c>x-amz-date</c> form: <c>20130524T000000Z</c>.</summary>
    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    public static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    private static string CanonicalQuery(string query)
    {
        if (query.Length <= 1)
        {
            return string.Empty;
        }

        return string.Join('&', query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(p => p.Split('=', 2))
            .Select(p => (Key: Encode(Uri.UnescapeDataString(p[0])), Value: Encode(Uri.UnescapeDataString(p.Length > 1 ? p[1] : string.Empty))))
            .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    private static string Encode(string value) => Uri.EscapeDataString(value);

    private static string Collapse(string value) => string.Join(' ', value.Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));
}

/// <summary>What signs a request: keys, region and service.</summary>
internal sealed record AwsCredentials(string AccessKey, string SecretKey, string Region, string Service = "s3");
