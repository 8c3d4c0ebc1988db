namespace WabaGate.Graph.Errors;

/// <summary>What a caller should do about a Graph error.</summary>
public enum GraphErrorClass
{
    /// <summary>Not caused by the request: retry with backoff (idempotent calls only, unless the caller knows better).</summary>
    Transient,

    /// <summary>A rate limit was hit: retry after a delay.</summary>
    RateLimited,

    /// <summary>The access token is expired, invalid or lacks permission: reauthorize.</summary>
    Auth,

    /// <summary>The customer service window is closed: send an approved template instead.</summary>
    NeedsTemplate,

    /// <summary>Retrying the same request will not help.</summary>
    Permanent,
}
