using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using WabaGate.Graph.Client;
using WabaGate.Simulator;

namespace WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;

/// <summary>A business connected through the client: token from the code exchange, app subscribed, first number registered.</summary>
public sealed record LiveConnection(string Token, string WabaId, string PhoneId, IReadOnlyList<string> PhoneIds);

/// <summary>
/// One test's world: a real <see cref="SimulatorHost"/> on Kestrel, a real <see cref="GraphClient"/> pointed at it
/// (through an <see cref="AttemptCounter"/>), a webhook sink, and helpers for the simulator's control API.
/// </summary>
public sealed class LiveMeta : IAsyncDisposable
{
    public const string AppId = "4455667788990011";
    public const string AppSecret = "graph-vs-simulator-secret";
    public const string VerifyToken = "sink-verify-token";
    public const string Pin = "123456";

    private readonly HttpClient _control = new();

    private LiveMeta(SimulatorHost host, WebhookSink sink, ShiftedClock clock, AttemptCounter counter, GraphClient client)
    {
        Host = host;
        Sink = sink;
        Clock = clock;
        Attempts = counter;
        Client = client;
    }

    public SimulatorHost Host { get; }
    public WebhookSink Sink { get; }
    public ShiftedClock Clock { get; }
    public AttemptCounter Attempts { get; }
    public GraphClient Client { get; }

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<LiveMeta> StartAsync(Action<SimulatorOptions>? simulator = null, Action<GraphClientOptions>? client = null)
    {
        var clock = new ShiftedClock();
        var sink = await WebhookSink.StartAsync(VerifyToken);
        var host = await SimulatorHost.StartAsync(o =>
        {
            o.AppId = AppId;
            o.AppSecret = AppSecret;
            o.WebhookVerifyToken = VerifyToken;
            o.WebhookCallbackUrl = sink.Url("/webhooks/app");
            o.SentDelay = TimeSpan.Zero;
            o.DeliveredDelay = TimeSpan.Zero;
            o.ReadDelay = TimeSpan.Zero;
            o.WebhookRetryInitialDelay = TimeSpan.FromMilliseconds(20);
            o.WebhookRetryMaxDelay = TimeSpan.FromMilliseconds(100);
            o.TimeProvider = clock;
            simulator?.Invoke(o);
        }, cancellationToken: Ct);
        var options = new GraphClientOptions
        {
            BaseUrl = host.GraphBaseUrl,
            AppId = host.Options.AppId,
            AppSecret = host.Options.AppSecret,
            MaxRetryAttempts = 3,
            RetryBaseDelay = TimeSpan.FromMilliseconds(1),
            MaxRetryDelay = TimeSpan.FromSeconds(2),
            AttemptTimeout = TimeSpan.FromSeconds(10),
        };
        client?.Invoke(options);
        var counter = new AttemptCounter();
        return new LiveMeta(host, sink, clock, counter, new GraphClient(new HttpClient(counter), options));
    }

    /// <summary>Signup session → <see cref="GraphClient.ExchangeCodeAsync"/> → subscribe → register the first number.</summary>
    public async Task<LiveConnection> ConnectAsync(int phoneNumbers = 1, bool subscribe = true, bool register = true)
    {
        var session = await SignupAsync(phoneNumbers);
        var token = await Client.ExchangeCodeAsync(session.Code, ct: Ct);
        if (subscribe) await Client.SubscribeAppAsync(session.WabaId, token.AccessToken, ct: Ct);
        if (register && session.PhoneIds.Count > 0) await Client.RegisterPhoneNumberAsync(session.PhoneIds[0], Pin, token.AccessToken, ct: Ct);
        return new LiveConnection(token.AccessToken, session.WabaId, (session.PhoneIds.Count > 0 ? session.PhoneIds[0] : ""), session.PhoneIds);
    }

    public async Task<(string Code, string WabaId, IReadOnlyList<string> PhoneIds)> SignupAsync(int phoneNumbers = 1)
    {
        var session = await ControlAsync(HttpMethod.Post, "/signup-sessions", new { phoneNumbers });
        return (session["code"]!.GetValue<string>(), session["wabaId"]!.GetValue<string>(), [.. session["phoneNumberIds"]!.AsArray().Select(n => n!.GetValue<string>())]);
    }

    /// <summary>A simulated customer writes; returns the control API's answer (<c>wamid</c>, <c>mediaId</c>).</summary>
    public Task<JsonNode> CustomerWritesAsync(string waId, string phoneId, object? message = null) =>
        ControlAsync(HttpMethod.Post, $"/customers/{waId}/messages", message ?? new { phoneNumberId = phoneId, type = "text", text = "hello" });

    /// <summary>The requests the simulator accepted from a number, as it recorded them.</summary>
    public async Task<IReadOnlyList<JsonNode>> OutboxAsync(string phoneId)
    {
        var outbox = await ControlAsync(HttpMethod.Get, $"/outbox?phoneNumberId={phoneId}");
        return [.. outbox["items"]!.AsArray().Select(i => i!["rawRequest"] is { } raw ? JsonNode.Parse(raw.GetValue<string>())! : i!["request"]!)];
    }

    /// <summary>Injects a fault: the next <paramref name="count"/> calls of <paramref name="endpoint"/> fail with <paramref name="metaCode"/>.</summary>
    public Task AddFaultAsync(string endpoint, int metaCode, int count, int? httpStatus = null, int? subcode = null) =>
        ControlAsync(HttpMethod.Post, "/faults", new { endpoint, metaCode, httpStatus, count, subcode }, HttpStatusCode.Created);

    /// <summary>How many injected failures are still waiting (each consumed by one matching call).</summary>
    public async Task<int> FaultsRemainingAsync()
    {
        var faults = await ControlAsync(HttpMethod.Get, "/faults");
        return faults["items"]!.AsArray().Sum(f => f!["remaining"]!.GetValue<int>());
    }

    public Task ReviewTemplateAsync(string templateId, string status) =>
        ControlAsync(HttpMethod.Post, $"/templates/{templateId}/review", new { status });

    public async Task<JsonNode> ControlAsync(HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, Host.BaseUrl + path);
        if (body is not null) request.Content = JsonContent.Create(body);
        using var response = await _control.SendAsync(request, Ct);
        var text = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"{method} {path} → {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(Encoding.UTF8.GetBytes(text))!;
    }

    public async ValueTask DisposeAsync()
    {
        _control.Dispose();
        await Host.DisposeAsync();
        await Sink.DisposeAsync();
    }
}
