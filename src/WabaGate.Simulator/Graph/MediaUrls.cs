using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using WabaGate.Simulator.State;

namespace WabaGate.Simulator.Graph;

/// <summary>Short-lived signed download URLs (Meta's lookaside links), valid for <c>MediaUrlLifetime</c>.</summary>
internal static class MediaUrls
{
    public const string Path = "/lookaside/whatsapp_business/attachments/";

    public static string Create(HttpContext? http, SimulatorState state, SimMedia media)
    {
        var expires = (state.Now + state.Options.MediaUrlLifetime).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        return SimulatorUrls.Root(http, state.Options) + Path + "?mid=" + media.Id + "&ext=" + expires + "&hash=" + Hash(state, media.Id, expires)
            + "&type=" + MediaRules.Extension(media.MimeType);
    }

    public static bool IsValid(SimulatorState state, string mediaId, string expires, string hash)
    {
        if (!long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var unix)) return false;
        if (DateTimeOffset.FromUnixTimeSeconds(unix) <= state.Now) return false;
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(state, mediaId, expires)), Encoding.ASCII.GetBytes(hash));
    }

    private static string Hash(SimulatorState state, string mediaId, string expires)
    {
        var mac = HMACSHA256.HashData(Encoding.UTF8.GetBytes(state.Options.AppSecret), Encoding.UTF8.GetBytes(mediaId + ":" + expires));
        return Convert.ToBase64String(mac, 0, 18).Replace('+', '-').Replace('/', '_');
    }
}
