using System.Security.Cryptography;
using System.Text;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>API key secrets: <c>wg_</c> + 256 random bits (base64url); stored only as a SHA-256 hash.</summary>
internal static class ApiKeySecret
{
    public const string Prefix = "wg_";

    public static string Generate() => Prefix + Base64Url(RandomNumberGenerator.GetBytes(32));

    public static byte[] Hash(string secret) => SHA256.HashData(Encoding.UTF8.GetBytes(secret));

    /// <summary>What is shown in lists: the first characters, enough to tell keys apart, useless to an attacker.</summary>
    public static string DisplayPrefix(string secret) => secret[..Math.Min(secret.Length, Prefix.Length + 6)];

    public static bool LooksValid(string? secret) => secret is { Length: >= 16 and <= 200 } && secret.StartsWith(Prefix, StringComparison.Ordinal);

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
