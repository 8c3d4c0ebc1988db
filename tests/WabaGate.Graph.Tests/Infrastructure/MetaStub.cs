using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WabaGate.Graph.Client;

namespace WabaGate.Graph.Tests.Infrastructure;

/// <summary>A real Kestrel server on 127.0.0.1:0 that records requests and answers with canned Meta responses.</summary>
public sealed class MetaStub : IAsyncDisposable
{
    public const string Prefix = "/sandbox/meta/graph";

    private readonly WebApplication _app;
    private readonly Func<RecordedRequest, StubResponse> _respond;

    private MetaStub(WebApplication app, Func<RecordedRequest, StubResponse> respond)
    {
        _app = app;
        _respond = respond;
    }

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public string Origin { get; private set; } = "";

    /// <summary>The Graph base URL, with a path prefix like the sandbox's.</summary>
    public string BaseUrl => Origin + Prefix;

    public RecordedRequest OnlyRequest() => Assert.Single(Requests);

    public static async Task<MetaStub> StartAsync(Func<RecordedRequest, StubResponse> respond)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.Urls.Add("http://127.0.0.1:0");
        var stub = new MetaStub(app, respond);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        stub.Origin = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return stub;
    }

    /// <summary>A stub that answers every request with the same JSON.</summary>
    public static Task<MetaStub> StartAsync(string json, int status = 200) => StartAsync(_ => new StubResponse(status, json));

    public GraphClient CreateClient(Action<GraphClientOptions>? configure = null)
    {
        var options = new GraphClientOptions
        {
            BaseUrl = BaseUrl,
            AppId = "634974688087057",
            AppSecret = "app-secret",
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            AttemptTimeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new GraphClient(new HttpClient(), options);
    }

    private async Task HandleAsync(HttpContext ctx)
    {
        ctx.Request.EnableBuffering();
        using var buffer = new MemoryStream();
        await ctx.Request.Body.CopyToAsync(buffer);
        ctx.Request.Body.Position = 0;
        var form = new Dictionary<string, string>();
        var files = new List<RecordedFile>();
        if (ctx.Request.HasFormContentType)
        {
            var f = await ctx.Request.ReadFormAsync();
            foreach (var (k, v) in f)
            {
                form[k] = v.ToString();
            }

            foreach (var file in f.Files)
            {
                using var content = new MemoryStream();
                await file.CopyToAsync(content);
                files.Add(new RecordedFile(file.Name, file.FileName, file.ContentType, content.ToArray()));
            }
        }

        var request = new RecordedRequest(
            ctx.Request.Method,
            ctx.Request.Path.Value ?? "",
            ctx.Request.QueryString.Value ?? "",
            ctx.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            ctx.Request.Headers.Authorization.ToString() is { Length: > 0 } a ? a : null,
            ctx.Request.ContentType,
            buffer.ToArray(),
            form,
            files);
        Requests.Enqueue(request);
        var response = _respond(request);
        ctx.Response.StatusCode = response.Status;
        foreach (var (k, v) in response.Headers ?? new Dictionary<string, string>())
        {
            ctx.Response.Headers[k] = v;
        }

        if (response.Delay is { } delay)
        {
            await Task.Delay(delay, ctx.RequestAborted);
        }

        ctx.Response.ContentType = response.ContentType;
        await ctx.Response.Body.WriteAsync(response.BodyBytes ?? Encoding.UTF8.GetBytes(response.Body));
    }

    public async ValueTask DisposeAsync()
    {
        // A short grace period: tests that stall a response must not hold shutdown for the delay.
        using var grace = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}

public sealed record RecordedRequest(
    string Method,
    string Path,
    string QueryString,
    IReadOnlyDictionary<string, string> Query,
    string? Authorization,
    string? ContentType,
    byte[] Body,
    IReadOnlyDictionary<string, string> Form,
    IReadOnlyList<RecordedFile> Files)
{
    public string BodyText => Encoding.UTF8.GetString(Body);

    public JsonNode? Json => JsonNode.Parse(Body);
}

public sealed record RecordedFile(string Name, string FileName, string ContentType, byte[] Content);

public sealed record StubResponse(int Status, string Body, string ContentType = "application/json")
{
    public IReadOnlyDictionary<string, string>? Headers { get; init; }
    public byte[]? BodyBytes { get; init; }
    public TimeSpan? Delay { get; init; }
}
