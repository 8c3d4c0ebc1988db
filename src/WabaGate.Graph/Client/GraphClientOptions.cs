namespace WabaGate.Graph.Client;

/// <summary>Where the Graph API lives and how hard to retry. Request URLs are <c>{BaseUrl}/{Version}/{path}</c>.</summary>
public sealed class GraphClientOptions
{
    /// <summary>Graph's root; may carry a path prefix (e.g. a local simulator mounted under <c>/sandbox/meta/graph</c>).</summary>
    public string BaseUrl { get; set; } = "https://graph.facebook.com";

    /// <summary>Graph API version, such as <c>v24.0</c>.</summary>
    public string Version { get; set; } = "v24.0";

    /// <summary>The Meta app id (code exchange, debug_token's app token).</summary>
    public string? AppId { get; set; }

    /// <summary>The Meta app secret (code exchange, debug_token's app token).</summary>
    public string? AppSecret { get; set; }

    /// <summary>Retries after the first attempt of an idempotent call; 0 disables retries.</summary>
    public int MaxRetryAttempts { get; set; } = 3;

    /// <summary>Base delay of the jittered exponential backoff.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Longest single wait; errors asking for a longer wait (Retry-After or Meta's hint) are not retried here.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Timeout of one attempt; <see cref="Timeout.InfiniteTimeSpan"/> leaves it to the HttpClient.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Throws when the options cannot work.</summary>
    public void Validate()
    {
        if (!Uri.TryCreate(BaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            throw new InvalidOperationException("GraphClientOptions.BaseUrl must be an absolute http(s) URL.");
        }

        if (string.IsNullOrWhiteSpace(Version) || Version.Contains('/', StringComparison.Ordinal))
        {
            throw new InvalidOperationException("GraphClientOptions.Version must look like v24.0.");
        }

        if (MaxRetryAttempts < 0 || RetryBaseDelay < TimeSpan.Zero || MaxRetryDelay < TimeSpan.Zero)
        {
            throw new InvalidOperationException("GraphClientOptions retry settings must not be negative.");
        }
    }
}
