using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace WabaGate.Server.Infrastructure.Observability;

/// <summary>
/// Last line of defence for text that may quote secrets (exception messages, framework error texts): masks
/// Meta access tokens (<c>EAA…</c>), WabaGate API keys (<c>wg_…</c>), 32-hex app secrets, bearer credentials
/// and the values of secret-bearing query parameters. Code must still never log secrets on purpose.
/// </summary>
internal static partial class SecretRedactor
{
    public const string Mask = "[redacted]";

    public static string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        text = SecretParameter().Replace(text, m => m.Groups["name"].Value + "=" + Mask);
        text = Bearer().Replace(text, "Bearer " + Mask);
        text = MetaToken().Replace(text, Mask);
        text = ApiKey().Replace(text, Mask);
        return HexSecret().Replace(text, Mask);
    }

    /// <summary>Framework binding errors quote the rejected value (<c>from "…"</c>); keep only the parameter.</summary>
    public static string RedactBindingMessage(string message) => Redact(QuotedValue().Replace(message, "from the supplied value"));

    /// <summary>Type, redacted message and stack trace of an exception and its inner exceptions.</summary>
    public static string Describe(Exception exception)
    {
        var text = new StringBuilder();
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (text.Length > 0)
            {
                text.Append(" ---> ");
            }

            text.Append(CultureInfo.InvariantCulture, $"{current.GetType().FullName}: {Redact(current.Message)}");
            if (current.StackTrace is { } stack)
            {
                text.Append('\n').Append(stack);
            }
        }

        return text.ToString();
    }

    [GeneratedRegex(@"(?<name>access_token|client_secret|input_token|fb_exchange_token|appsecret_proof|hub\.verify_token|verify_token|code|password|signed_request)=[^&\s""']+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretParameter();

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9._~+/=\-]+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Bearer();

    [GeneratedRegex(@"\bEAA[A-Za-z0-9]{8,}", RegexOptions.CultureInvariant)]
    private static partial Regex MetaToken();

    [GeneratedRegex(@"\bwg_[A-Za-z0-9_\-]{6,}", RegexOptions.CultureInvariant)]
    private static partial Regex ApiKey();

    [GeneratedRegex(@"\b[0-9a-fA-F]{32}\b", RegexOptions.CultureInvariant)]
    private static partial Regex HexSecret();

    [GeneratedRegex(@"from ""[^""]*""", RegexOptions.CultureInvariant)]
    private static partial Regex QuotedValue();
}
