namespace WabaGate.Graph.Client;

/// <summary>One Graph request as the client sees it, before it becomes an <see cref="HttpRequestMessage"/>.</summary>
internal sealed record GraphCall(HttpMethod Method, string Path, bool Idempotent)
{
    /// <summary>Sent as <c>Authorization: Bearer</c>; null for calls authenticated otherwise.</summary>
    public string? AccessToken { get; init; }

    public IReadOnlyList<KeyValuePair<string, string?>>? Query { get; init; }

    /// <summary>Builds a fresh body for each attempt.</summary>
    public Func<HttpContent>? Content { get; init; }

    /// <summary>An absolute URL (media downloads) used instead of <see cref="Path"/>.</summary>
    public Uri? AbsoluteUrl { get; init; }

    /// <summary>Method and path for errors: never the query, which may carry secrets.</summary>
    public string Describe => AbsoluteUrl is { } u ? $"{Method} {u.GetLeftPart(UriPartial.Path)}" : $"{Method} /{Path}";
}
