using System.Buffers.Text;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using WabaGate.Graph.Json;

namespace WabaGate.Graph.Signatures;

/// <summary>
/// Facebook's <c>signed_request</c>: <c>base64url(HMAC-SHA256(app_secret, encoded_payload)).base64url(payload JSON)</c>.
/// Verification recomputes the HMAC over the encoded payload segment and compares in constant time.
/// </summary>
public static class SignedRequest
{
    /// <summary>The only algorithm Meta uses.</summary>
    public const string Algorithm = "HMAC-SHA256";

    /// <summary>Verifies and decodes; throws <see cref="SignedRequestException"/> saying why a request is refused.</summary>
    public static SignedRequestPayload Verify(string? signedRequest, string appSecret)
    {
        ArgumentException.ThrowIfNullOrEmpty(appSecret);
        if (string.IsNullOrEmpty(signedRequest))
        {
            throw new SignedRequestException("The signed_request is missing.");
        }

        var dot = signedRequest.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || dot == signedRequest.Length - 1 || signedRequest.IndexOf('.', dot + 1) >= 0)
        {
            throw new SignedRequestException("The signed_request is not two base64url segments.");
        }

        byte[] signature, payloadBytes;
        try
        {
            signature = Base64Url.DecodeFromChars(signedRequest.AsSpan(0, dot));
            payloadBytes = Base64Url.DecodeFromChars(signedRequest.AsSpan(dot + 1));
        }
        catch (FormatException ex)
        {
            throw new SignedRequestException("The signed_request is not valid base64url.", ex);
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.ASCII.GetBytes(signedRequest[(dot + 1)..]));
        if (!CryptographicOperations.FixedTimeEquals(signature, expected))
        {
            throw new SignedRequestException("The signed_request signature does not match.");
        }

        SignedRequestPayload? payload;
        try
        {
            payload = JsonSerializer.Deserialize(payloadBytes, GraphJsonContext.Default.SignedRequestPayload);
        }
        catch (JsonException ex)
        {
            throw new SignedRequestException("The signed_request payload is not valid JSON.", ex);
        }

        if (payload is null || !string.Equals(payload.Algorithm, Algorithm, StringComparison.OrdinalIgnoreCase))
        {
            throw new SignedRequestException($"The signed_request algorithm is not {Algorithm}.");
        }

        return payload;
    }

    /// <summary>Verifies and decodes without throwing.</summary>
    public static bool TryVerify(string? signedRequest, string appSecret, [NotNullWhen(true)] out SignedRequestPayload? payload)
    {
        try
        {
            payload = Verify(signedRequest, appSecret);
            return true;
        }
        catch (SignedRequestException)
        {
            payload = null;
            return false;
        }
    }

    /// <summary>Builds a signed_request the way Meta does (for the simulator and tests).</summary>
    public static string Create(SignedRequestPayload payload, string appSecret)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentException.ThrowIfNullOrEmpty(appSecret);
        var encodedPayload = Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(payload, GraphJsonContext.Default.SignedRequestPayload));
        var signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(appSecret), Encoding.ASCII.GetBytes(encodedPayload));
        return Base64Url.EncodeToString(signature) + "." + encodedPayload;
    }
}

/// <summary>A <c>signed_request</c> that is missing, malformed, wrongly signed or not HMAC-SHA256.</summary>
public sealed class SignedRequestException : Exception
{
    public SignedRequestException()
    {
    }

    public SignedRequestException(string message)
        : base(message)
    {
    }

    public SignedRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
