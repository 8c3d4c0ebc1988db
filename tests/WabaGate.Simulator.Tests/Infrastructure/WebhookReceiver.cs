using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WabaGate.Graph.Webhooks;

namespace WabaGate.Simulator.Tests.Infrastructure;

/// <summary>One POST the receiver got: raw bytes, signature header and whether it verified.</summary>
public sealed record ReceivedDelivery(string Path, byte[] Body, string? Signature, bool SignatureValid)
{
    public JsonNode Json => JsonNode.Parse(Body)!;

    public IEnumerable<JsonObject> Changes =>
        Json["entry"]!.AsArray().SelectMany(e => e!["changes"]!.AsArray()).Select(c => c!.AsObject());
}

/// <summary>
/// A tiny real Kestrel server standing in for the gateway's webhook endpoint: answers Meta's GET handshake,
/// checks signatures over the raw bytes with <see cref="WebhookSignature.IsValid"/>, records everything.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<ReceivedDelivery> _received = new();
    private readonly ConcurrentQueue<int> _scriptedStatuses = new();

    private WebhookReceiver(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";
    public string AppSecret { get; set; } = "";
    public string VerifyToken { get; set; } = "verify-me";
    private int _verificationRequests;

    public int VerificationRequests => Volatile.Read(ref _verificationRequests);

    public IReadOnlyList<ReceivedDelivery> Received => [.. _received];

    public string Url(string path = "/webhooks/meta") => BaseUrl + path;

    /// <summary>The next POSTs answer with these statuses (then 200).</summary>
    public void RespondWith(params int[] statuses)
    {
        foreach (var s in statuses) _scriptedStatuses.Enqueue(s);
    }

    public static async Task<WebhookReceiver> StartAsync(string appSecret)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { AppSecret = appSecret };
        app.MapGet("/{**path}", (HttpContext http) =>
        {
            Interlocked.Increment(ref receiver._verificationRequests);
            var q = http.Request.Query;
            return q["hub.mode"] == "subscribe" && q["hub.verify_token"] == receiver.VerifyToken
                ? Results.Text(q["hub.challenge"].ToString(), "text/plain")
                : Results.StatusCode(403);
        });
        app.MapPost("/{**path}", async (HttpContext http) =>
        {
            using var buffer = new MemoryStream();
            await http.Request.Body.CopyToAsync(buffer);
            var body = buffer.ToArray();
            var signature = http.Request.Headers[WebhookSignature.HeaderName].ToString();
            receiver._received.Enqueue(new ReceivedDelivery(http.Request.Path, body, signature, WebhookSignature.IsValid(body, signature, receiver.AppSecret)));
            return receiver._scriptedStatuses.TryDequeue(out var status) ? Results.StatusCode(status) : Results.Ok();
        });
        await app.StartAsync();
        receiver.BaseUrl = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/');
        return receiver;
    }

    /// <summary>Waits until <paramref name="condition"/> holds over what was received.</summary>
    public async Task<IReadOnlyList<ReceivedDelivery>> WaitForAsync(Func<IReadOnlyList<ReceivedDelivery>, bool> condition, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            var snapshot = Received;
            if (condition(snapshot)) return snapshot;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Webhook condition not met; received {snapshot.Count} deliveries.");
            await Task.Delay(20);
        }
    }

    /// <summary>Every change with the given field, across deliveries.</summary>
    public List<JsonObject> ChangesOf(string field) =>
        [.. Received.SelectMany(d => d.Changes).Where(c => c["field"]!.GetValue<string>() == field)];

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
