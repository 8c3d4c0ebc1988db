using System.Security.Cryptography;
using System.Text;

namespace WabaGate.Graph.Webhooks;

/// <summary>Meta's GET verification: answer <c>hub.challenge</c> when <c>hub.mode=subscribe</c> and the verify token matches.</summary>
public static class WebhookChallenge
{
    /// <summary>
    /// Returns the body to answer with (the raw challenge), or null when the request must be refused.
    /// The verify token is compared in constant time.
    /// </summary>
    public static string? Verify(string? mode, string? verifyToken, string? challenge, string expectedVerifyToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(expectedVerifyToken);
        if (mode != "subscribe" || verifyToken is null || string.IsNullOrEmpty(challenge))
        {
            return null;
        }

        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(verifyToken), Encoding.UTF8.GetBytes(expectedVerifyToken))
            ? challenge
            : null;
    }
}
