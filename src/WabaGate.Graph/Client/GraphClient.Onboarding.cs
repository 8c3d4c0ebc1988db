using WabaGate.Graph.Json;
using WabaGate.Graph.Onboarding;

namespace WabaGate.Graph.Client;

public sealed partial class GraphClient
{
    /// <summary>
    /// Exchanges an Embedded Signup / login code for a token (<c>GET /oauth/access_token</c>). Meta requires
    /// the app secret and code in the query, so never log this call's URL. Pass <paramref name="redirectUri"/>
    /// only for codes from a redirect login (not for the JS SDK popup). Not retried: codes are single-use.
    /// </summary>
    public Task<OAuthToken> ExchangeCodeAsync(string code, string? redirectUri = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var (appId, appSecret) = AppCredentials();
        return SendAsync(
            new GraphCall(HttpMethod.Get, "oauth/access_token", Idempotent: false)
            {
                Query = [new("client_id", appId), new("client_secret", appSecret), new("code", code), new("redirect_uri", redirectUri)],
            },
            GraphJsonContext.Default.OAuthToken,
            ct);
    }

    /// <summary>
    /// Inspects <paramref name="inputToken"/> (<c>GET /debug_token</c>). Authenticates with
    /// <paramref name="accessToken"/>, or with the app token <c>{AppId}|{AppSecret}</c> when null.
    /// </summary>
    public async Task<DebugTokenData> DebugTokenAsync(string inputToken, string? accessToken = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(inputToken);
        if (accessToken is null)
        {
            var (appId, appSecret) = AppCredentials();
            accessToken = $"{appId}|{appSecret}";
        }

        var response = await SendAsync(
            new GraphCall(HttpMethod.Get, "debug_token", Idempotent: true)
            {
                AccessToken = accessToken,
                Query = [new("input_token", inputToken)],
            },
            GraphJsonContext.Default.DebugTokenResponse,
            ct);
        return response.Data;
    }

    /// <summary>Lists the WABA's phone numbers (first page; WABAs rarely have more than a few).</summary>
    public Task<GraphPage<PhoneNumber>> GetPhoneNumbersAsync(string wabaId, string accessToken, string fields = PhoneNumber.DefaultFields, CancellationToken ct = default) =>
        SendAsync(
            new GraphCall(HttpMethod.Get, $"{Seg(wabaId)}/phone_numbers", Idempotent: true)
            {
                AccessToken = RequireToken(accessToken),
                Query = [new("fields", fields), new("limit", "100")],
            },
            GraphJsonContext.Default.GraphPagePhoneNumber,
            ct);

    /// <summary>Reads one phone number node.</summary>
    public Task<PhoneNumber> GetPhoneNumberAsync(string phoneNumberId, string accessToken, string fields = PhoneNumber.DefaultFields, CancellationToken ct = default) =>
        SendAsync(
            new GraphCall(HttpMethod.Get, Seg(phoneNumberId), Idempotent: true)
            {
                AccessToken = RequireToken(accessToken),
                Query = [new("fields", fields)],
            },
            GraphJsonContext.Default.PhoneNumber,
            ct);

    /// <summary>Registers the number for Cloud API with its two-step PIN. Limited to 10 per 72 h (133016); never retried.</summary>
    public Task RegisterPhoneNumberAsync(string phoneNumberId, string pin, string accessToken, string? dataLocalizationRegion = null, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pin);
        var body = new RegisterRequest(pin, dataLocalizationRegion);
        return PostSuccessAsync($"{Seg(phoneNumberId)}/register", accessToken, () => Json(body, GraphJsonContext.Default.RegisterRequest), idempotent: false, ct);
    }

    /// <summary>Deregisters the number from Cloud API. Limited to 10 per 72 h; never retried.</summary>
    public Task DeregisterPhoneNumberAsync(string phoneNumberId, string accessToken, CancellationToken ct = default) =>
        PostSuccessAsync($"{Seg(phoneNumberId)}/deregister", accessToken, null, idempotent: false, ct);

    /// <summary>Sets a new two-step verification PIN (<c>POST /{phone_number_id}</c> with <c>pin</c>).</summary>
    public Task SetTwoStepPinAsync(string phoneNumberId, string pin, string accessToken, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pin);
        var body = new PinChangeRequest(pin);
        return PostSuccessAsync(Seg(phoneNumberId), accessToken, () => Json(body, GraphJsonContext.Default.PinChangeRequest), idempotent: true, ct);
    }

    /// <summary>
    /// Subscribes the calling app to the WABA's webhooks. With an override, Meta first verifies the callback
    /// with a GET challenge; without one, any WABA-level override is removed. Idempotent, so retried.
    /// </summary>
    public Task SubscribeAppAsync(string wabaId, string accessToken, string? overrideCallbackUri = null, string? verifyToken = null, CancellationToken ct = default)
    {
        Func<HttpContent>? content = null;
        if (overrideCallbackUri is not null)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(verifyToken);
            var body = new SubscribeAppRequest(overrideCallbackUri, verifyToken);
            content = () => Json(body, GraphJsonContext.Default.SubscribeAppRequest);
        }

        return PostSuccessAsync($"{Seg(wabaId)}/subscribed_apps", accessToken, content, idempotent: true, ct);
    }

    /// <summary>Lists the apps subscribed to the WABA.</summary>
    public async Task<IReadOnlyList<SubscribedApp>> GetSubscribedAppsAsync(string wabaId, string accessToken, CancellationToken ct = default)
    {
        var page = await SendAsync(
            new GraphCall(HttpMethod.Get, $"{Seg(wabaId)}/subscribed_apps", Idempotent: true) { AccessToken = RequireToken(accessToken) },
            GraphJsonContext.Default.GraphPageSubscribedApp,
            ct);
        return page.Data;
    }

    /// <summary>Unsubscribes the calling app from the WABA.</summary>
    public Task UnsubscribeAppAsync(string wabaId, string accessToken, CancellationToken ct = default) =>
        SendAsync(
            new GraphCall(HttpMethod.Delete, $"{Seg(wabaId)}/subscribed_apps", Idempotent: true) { AccessToken = RequireToken(accessToken) },
            GraphJsonContext.Default.GraphSuccess,
            ct);

    /// <summary>Reads the phone number's business profile.</summary>
    public async Task<BusinessProfile?> GetBusinessProfileAsync(string phoneNumberId, string accessToken, CancellationToken ct = default)
    {
        var page = await SendAsync(
            new GraphCall(HttpMethod.Get, $"{Seg(phoneNumberId)}/whatsapp_business_profile", Idempotent: true)
            {
                AccessToken = RequireToken(accessToken),
                Query = [new("fields", BusinessProfile.DefaultFields)],
            },
            GraphJsonContext.Default.GraphPageBusinessProfile,
            ct);
        return page.Data.Count > 0 ? page.Data[0] : null;
    }

    /// <summary>Updates the phone number's business profile (only the non-null fields).</summary>
    public Task UpdateBusinessProfileAsync(string phoneNumberId, BusinessProfileUpdate update, string accessToken, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(update);
        return PostSuccessAsync(
            $"{Seg(phoneNumberId)}/whatsapp_business_profile",
            accessToken,
            () => Json(update, GraphJsonContext.Default.BusinessProfileUpdate),
            idempotent: true,
            ct);
    }

    private Task<GraphSuccess> PostSuccessAsync(string path, string accessToken, Func<HttpContent>? content, bool idempotent, CancellationToken ct) =>
        SendAsync(
            new GraphCall(HttpMethod.Post, path, idempotent) { AccessToken = RequireToken(accessToken), Content = content },
            GraphJsonContext.Default.GraphSuccess,
            ct);

    private (string AppId, string AppSecret) AppCredentials()
    {
        if (string.IsNullOrWhiteSpace(Options.AppId) || string.IsNullOrWhiteSpace(Options.AppSecret))
        {
            throw new InvalidOperationException("GraphClientOptions.AppId and AppSecret are required for this call.");
        }

        return (Options.AppId, Options.AppSecret);
    }
}
