using System.Security.Cryptography;
using System.Text;

namespace WabaGate.Graph.Webhooks;

/// <summary>
/// Meta's <c>X-Hub-Signature-256</c> header: <c>sha256=</c> followed by the lowercase hex HMAC-SHA256
/// of the raw request body, keyed with the app secret.
/// </summary>
public static class WebhookSignature
{
    /// <summary>The header Meta signs webhook deliveries with.</summary>
    public const string HeaderName = "X-Hub-Signature-256";

    private const string Prefix = "sha256=";

    /// <summary>Computes the header value for <paramref name="body"/>.</summary>
    public static string Compute(ReadOnlySpan<byte> body, string appSecret)
    {
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, mac);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>
    /// Checks <paramref name="header"/> against the raw <paramref name="body"/> in constant time.
    /// Any malformed header is simply invalid; nothing about the expected value is revealed.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<byte> body, string? header, string appSecret)
    {
        if (header is null || !header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)
            || header.Length != Prefix.Length + (HMACSHA256.HashSizeInBytes * 2))
        {
            return false;
        }

        Span<byte> given = stackalloc byte[HMACSHA256.HashSizeInBytes];
        if (Convert.FromHexString(header.AsSpan(Prefix.Length), given, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != given.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), body, expected);
        return CryptographicOperations.FixedTimeEquals(given, expected);
    }
}
