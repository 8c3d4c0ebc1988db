using System.Globalization;
using System.Security.Cryptography;

namespace WabaGate.Simulator.Webhooks;

/// <summary>
/// Meta's GET handshake against a callback URL before it is saved: <c>hub.mode=subscribe</c>,
/// <c>hub.challenge</c> and <c>hub.verify_token</c>; the endpoint must answer 200 with the raw challenge.
/// </summary>
internal sealed class CallbackVerifier(WebhookHttp http)
{
    /// <summary>Returns <c>null</c> when verified, otherwise Meta's description of the failure.</summary>
    public async Task<string?> VerifyAsync(string callbackUrl, string verifyToken, CancellationToken ct)
    {
        if (!Uri.TryCreate(callbackUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            return "The URL couldn't be validated. Response does not match challenge, expected value=\"\", received=\"\"";
        }

        var challenge = RandomNumberGenerator.GetInt32(100_000_000, int.MaxValue).ToString(CultureInfo.InvariantCulture);
        var separator = string.IsNullOrEmpty(uri.Query) ? "?" : "&";
        var url = callbackUrl + separator + "hub.mode=subscribe&hub.challenge=" + challenge
            + "&hub.verify_token=" + Uri.EscapeDataString(verifyToken);
        try
        {
            using var response = await http.Client.GetAsync(new Uri(url), ct);
            var body = await response.Content.ReadAsStringAsync(ct);
            if (!response.IsSuccessStatusCode)
            {
                return $"Callback verification failed with the following errors: HTTP Status Code = {(int)response.StatusCode}; HTTP Message = {response.ReasonPhrase}";
            }

            return body == challenge
                ? null
                : $"The URL couldn't be validated. Response does not match challenge, expected value=\"{challenge}\", received=\"{Truncate(body)}\"";
        }
        catch (HttpRequestException ex)
        {
            return "Callback verification failed with the following errors: curl_errno = 7; curl_error = " + ex.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            return "Callback verification failed with the following errors: curl_errno = 28; curl_error = Operation timed out";
        }
    }

    private static string Truncate(string s) => s.Length <= 40 ? s : s[..40];
}
