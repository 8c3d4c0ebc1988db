using System.Text;
using Microsoft.AspNetCore.WebUtilities;

namespace WabaGate.Server.Features.Tenancy;

/// <summary>
/// The one-time password link: <c>/account/set-password?token=…</c>, where the token packs the user id with an
/// Identity password-reset token. Using it changes the user's security stamp, which voids the link.
/// </summary>
internal static class SetPasswordLink
{
    public const string Path = "/account/set-password";

    public static string Create(string baseUrl, Guid userId, string resetToken)
        => $"{baseUrl.TrimEnd('/')}{Path}?token={Pack(userId, resetToken)}";

    public static string Pack(Guid userId, string resetToken)
        => WebEncoders.Base64UrlEncode(Encoding.UTF8.GetBytes($"{userId:N}:{resetToken}"));

    public static bool TryUnpack(string? token, out Guid userId, out string resetToken)
    {
        userId = Guid.Empty;
        resetToken = string.Empty;
        if (string.IsNullOrWhiteSpace(token) || token.Length > 4096)
        {
            return false;
        }

        try
        {
            var text = Encoding.UTF8.GetString(WebEncoders.Base64UrlDecode(token));
            var colon = text.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || !Guid.TryParseExact(text[..colon], "N", out userId))
            {
                return false;
            }

            resetToken = text[(colon + 1)..];
            return resetToken.Length > 0;
        }
        catch (FormatException)
        {
            return false;
        }
    }
}
