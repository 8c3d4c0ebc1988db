using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly;
using Polly.Timeout;
using WabaGate.Graph.Errors;

namespace WabaGate.Graph.Client;

/// <summary>
/// Typed client for the Meta Graph API as the WhatsApp Cloud API uses it. One instance serves every
/// tenant: the access token is an argument of each call and travels only in the <c>Authorization</c> header.
/// Failures throw <see cref="GraphApiException"/>. Idempotent calls are retried on transient errors;
/// sends, registrations, uploads and template creation never are.
/// </summary>
public sealed partial class GraphClient
{
    private readonly HttpClient _http;
    private readonly string _root;
    private readonly ResiliencePipeline _retrying;
    private readonly ResiliencePipeline _once;

    public GraphClient(HttpClient http, GraphClientOptions options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _http = http;
        Options = options;
        _root = options.BaseUrl.TrimEnd('/') + "/" + options.Version.Trim('/') + "/";
        _retrying = GraphResilience.Build(options, retry: true);
        _once = GraphResilience.Build(options, retry: false);
    }

    /// <summary>The options this client was built with.</summary>
    public GraphClientOptions Options { get; }

    private async Task<T> SendAsync<T>(GraphCall call, JsonTypeInfo<T> responseType, CancellationToken ct)
    {
        using var response = await SendRawAsync(call, HttpCompletionOption.ResponseContentRead, ct);
        var body = await response.Content.ReadAsByteArrayAsync(ct);
        try
        {
            return JsonSerializer.Deserialize(body, responseType)
                ?? throw new JsonException("The response body was null.");
        }
        catch (JsonException ex)
        {
            throw new GraphApiException($"{call.Describe}: unexpected response body ({ex.Message})", ex)
            {
                StatusCode = (int)response.StatusCode,
                RawBody = Encoding.UTF8.GetString(body),
                ErrorClass = GraphErrorClass.Permanent,
                Request = call.Describe,
            };
        }
    }

    private async Task<HttpResponseMessage> SendRawAsync(GraphCall call, HttpCompletionOption completion, CancellationToken ct)
    {
        var pipeline = call.Idempotent ? _retrying : _once;
        try
        {
            return await pipeline.ExecuteAsync(
                static (state, token) => state.self.AttemptAsync(state.call, state.completion, token),
                (self: this, call, completion),
                ct);
        }
        catch (TimeoutRejectedException ex)
        {
            throw GraphApiException.Network(call.Describe, ex, timedOut: true);
        }
    }

    private async ValueTask<HttpResponseMessage> AttemptAsync(GraphCall call, HttpCompletionOption completion, CancellationToken ct)
    {
        using var request = BuildRequest(call);
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, completion, ct);
        }
        catch (HttpRequestException ex)
        {
            throw GraphApiException.Network(call.Describe, ex, timedOut: false);
        }
        catch (OperationCanceledException ex) when (!ct.IsCancellationRequested)
        {
            // HttpClient.Timeout fired, not the caller's token.
            throw GraphApiException.Network(call.Describe, ex, timedOut: true);
        }

        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            var body = await response.Content.ReadAsStringAsync(ct);
            throw GraphApiException.FromResponse((int)response.StatusCode, body, RetryAfterOf(response), call.Describe);
        }
    }

    private HttpRequestMessage BuildRequest(GraphCall call)
    {
        var request = new HttpRequestMessage(call.Method, call.AbsoluteUrl ?? BuildUri(call));
        if (call.AccessToken is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        request.Content = call.Content?.Invoke();
        return request;
    }

    private Uri BuildUri(GraphCall call)
    {
        var url = new StringBuilder(_root).Append(call.Path);
        var separator = '?';
        foreach (var (key, value) in call.Query ?? [])
        {
            if (value is null)
            {
                continue;
            }

            url.Append(separator).Append(Uri.EscapeDataString(key)).Append('=').Append(Uri.EscapeDataString(value));
            separator = '&';
        }

        return new Uri(url.ToString(), UriKind.Absolute);
    }

    private static TimeSpan? RetryAfterOf(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero,
        _ => null,
    };

    /// <summary>Escapes one id for use as a path segment.</summary>
    private static string Seg(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return Uri.EscapeDataString(id);
    }

    private static string RequireToken(string accessToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessToken);
        return accessToken;
    }

    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> type) =>
        new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type))
        {
            Headers = { ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" } },
        };
}
