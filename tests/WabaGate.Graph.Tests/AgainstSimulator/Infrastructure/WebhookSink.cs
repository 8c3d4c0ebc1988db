using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WabaGate.Graph.Webhooks;

namespace WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;

/// <summary>One webhook POST as received: path, raw bytes and the signature header.</summary>
public sealed record SinkDelivery(string Path, byte[] Body, string? Signature);

/// <summary>
/// A tiny Kestrel server standing in for a gateway's webhook endpoint: answers Meta's GET challenge
/// when the verify token matches and records every POST's raw bytes.
/// </summary>
public sealed class WebhookSink : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<SinkDelivery> _received = new();
    private readonly ConcurrentQueue<string> _challenges = new();

    private WebhookSink(WebApplication app, string verifyToken)
    {
        _app = app;
        VerifyToken = verifyToken;
    }

    public string VerifyToken { get; }

    public string BaseUrl { get; private set; } = "";

    public IReadOnlyList<SinkDelivery> Received => [.. _received];

    /// <summary>Paths that got a GET verification request.</summary>
    public IReadOnlyList<string> Challenges => [.. _challenges];

    public string Url(string path) => BaseUrl + path;

    public static async Task<WebhookSink> StartAsync(string verifyToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var sink = new WebhookSink(app, verifyToken);
        app.MapGet("/{**path}", (HttpContext http) =>
        {
            sink._challenges.Enqueue(http.Request.Path);
            var challenge = WebhookChallenge.Verify(http.Request.Query["hub.mode"], http.Request.Query["hub.verify_token"], http.Request.Query["hub.challenge"], sink.VerifyToken);
            return challenge is null ? Results.StatusCode(403) : Results.Text(challenge, "text/plain");
        });
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer, http.RequestAborted);
            sink._received.Enqueue(new SinkDelivery(http.Request.Path, buffer.ToArray(), http.Request.Headers[WebhookSignature.HeaderName].ToString()));
            return Results.Ok();
        });
        await app.StartAsync();
        sink.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return sink;
    }

    /// <summary>Waits until some received delivery satisfies <paramref name="match"/> and returns it.</summary>
    public async Task<SinkDelivery> WaitForAsync(Func<SinkDelivery, bool> match, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            if (Received.FirstOrDefault(match) is { } found) return found;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No matching webhook; {Received.Count} received.");
            await Task.Delay(10);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
