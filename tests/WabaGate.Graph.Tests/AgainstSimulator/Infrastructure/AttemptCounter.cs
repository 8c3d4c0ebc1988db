using System.Collections.Concurrent;

namespace WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;

/// <summary>Counts the HTTP requests the client puts on the wire, by method and path, so retries are visible.</summary>
public sealed class AttemptCounter() : DelegatingHandler(new SocketsHttpHandler())
{
    private readonly ConcurrentQueue<string> _requests = new();

    /// <summary>Every request as <c>METHOD /path</c> (no query: it may carry secrets).</summary>
    public IReadOnlyList<string> Requests => [.. _requests];

    /// <summary>How many requests went to a path ending with <paramref name="pathSuffix"/>.</summary>
    public int Count(HttpMethod method, string pathSuffix) =>
        _requests.Count(r => r.StartsWith(method.Method + " ", StringComparison.Ordinal) && r.EndsWith(pathSuffix, StringComparison.Ordinal));

    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        _requests.Enqueue($"{request.Method.Method} {request.RequestUri?.AbsolutePath}");
        return base.SendAsync(request, cancellationToken);
    }
}
