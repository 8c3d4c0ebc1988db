using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace WabaGate.Simulator.State;

/// <summary>Meta-looking identifiers: numeric object ids, wamids, tokens and codes.</summary>
internal static class Ids
{
    private const string UrlSafe = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

    public static string NumericId() =>
        RandomNumberGenerator.GetInt32(100_000, 999_999).ToString(CultureInfo.InvariantCulture)
        + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);

    /// <summary>A wamid shaped like Meta's: base64 of a small binary record naming the recipient.</summary>
    public static string Wamid(string waId)
    {
        var bytes = new List<byte> { 0x1C, 0x18, (byte)Math.Min(waId.Length, 0x7F) };
        bytes.AddRange(Encoding.ASCII.GetBytes(waId));
        bytes.AddRange([0x15, 0x02, 0x00, 0x11, 0x18, 0x12]);
        bytes.AddRange(Encoding.ASCII.GetBytes(Convert.ToHexString(RandomNumberGenerator.GetBytes(9))));
        bytes.Add(0x00);
        return "wamid." + Convert.ToBase64String([.. bytes]);
    }

    public static string AccessToken() => "EAA" + RandomNumberGenerator.GetString(UrlSafe, 180);

    public static string Code() => "AQ" + RandomNumberGenerator.GetString(UrlSafe, 150);

    public static string Opaque(int length) => RandomNumberGenerator.GetString(UrlSafe, length);
}
