using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;

namespace WabaGate.Simulator.Tests.Infrastructure;

/// <summary>A business that completed signup: token exchanged, app subscribed, first number registered.</summary>
public sealed record Connected(string Token, string WabaId, string PhoneId, string BusinessId, IReadOnlyList<string> PhoneIds);

/// <summary>A fresh simulator (real HTTP) plus a webhook receiver and helpers; one per test.</summary>
public sealed class TestSim : IAsyncDisposable
{
    public const string AppId = "1234567890123";
    public const string AppSecret = "test-app-secret-0123";
    public const string Version = "v24.0";

    private TestSim(SimulatorHost host, WebhookReceiver receiver, ManualClock clock)
    {
        Host = host;
        Receiver = receiver;
        Clock = clock;
    }

    public SimulatorHost Host { get; }
    public WebhookReceiver Receiver { get; }
    public ManualClock Clock { get; }
    public HttpClient Http { get; } = new();

    public static async Task<TestSim> StartAsync(Action<SimulatorOptions>? configure = null)
    {
        var clock = new ManualClock();
        var receiver = await WebhookReceiver.StartAsync(AppSecret);
        var host = await SimulatorHost.StartAsync(o =>
        {
            o.AppId = AppId;
            o.AppSecret = AppSecret;
            o.WebhookVerifyToken = "verify-me";
            o.WebhookCallbackUrl = receiver.Url();
            o.SentDelay = TimeSpan.Zero;
            o.DeliveredDelay = TimeSpan.Zero;
            o.ReadDelay = TimeSpan.Zero;
            o.WebhookRetryInitialDelay = TimeSpan.FromMilliseconds(50);
            o.WebhookRetryMaxDelay = TimeSpan.FromMilliseconds(200);
            o.TimeProvider = clock;
            configure?.Invoke(o);
        });
        return new TestSim(host, receiver, clock);
    }

    public string Graph(string path) => $"{Host.GraphBaseUrl}/{Version}/{path.TrimStart('/')}";

    public Task<(HttpStatusCode Status, JsonNode Body)> GetAsync(string path, string? token) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Get, Graph(path)), token);

    public Task<(HttpStatusCode Status, JsonNode Body)> DeleteAsync(string path, string? token) =>
        SendAsync(new HttpRequestMessage(HttpMethod.Delete, Graph(path)), token);

    public Task<(HttpStatusCode Status, JsonNode Body)> PostAsync(string path, string? token, string json = "") =>
        SendAsync(new HttpRequestMessage(HttpMethod.Post, Graph(path)) { Content = new StringContent(json, Encoding.UTF8, "application/json") }, token);

    public async Task<(HttpStatusCode Status, JsonNode Body)> SendAsync(HttpRequestMessage request, string? token)
    {
        if (token is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, JsonNode.Parse(text)!);
    }

    public async Task<JsonNode> ControlAsync(HttpMethod method, string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK)
    {
        using var request = new HttpRequestMessage(method, Host.BaseUrl + path);
        if (body is not null) request.Content = body is string s ? new StringContent(s, Encoding.UTF8, "application/json") : JsonContent.Create(body);
        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{method} {path} → {(int)response.StatusCode}: {text}");
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text)!;
    }

    public Task<JsonNode> ControlPostAsync(string path, object? body = null, HttpStatusCode expected = HttpStatusCode.OK) =>
        ControlAsync(HttpMethod.Post, path, body, expected);

    public async Task<string> ExchangeAsync(string code)
    {
        var (status, body) = await GetAsync($"oauth/access_token?client_id={AppId}&client_secret={Uri.EscapeDataString(AppSecret)}&code={code}", null);
        Assert.Equal(HttpStatusCode.OK, status);
        return body["access_token"]!.GetValue<string>();
    }

    /// <summary>Signup session → code exchange → subscribe app → register the first number.</summary>
    public async Task<Connected> ConnectAsync(int phoneNumbers = 1)
    {
        var session = await ControlPostAsync("/signup-sessions", new { phoneNumbers });
        var token = await ExchangeAsync(session["code"]!.GetValue<string>());
        var wabaId = session["wabaId"]!.GetValue<string>();
        var phoneIds = session["phoneNumberIds"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        Assert.Equal(HttpStatusCode.OK, (await PostAsync($"{wabaId}/subscribed_apps", token)).Status);
        if (phoneIds.Count > 0)
        {
            var (status, body) = await PostAsync($"{phoneIds[0]}/register", token, """{"messaging_product":"whatsapp","pin":"123456"}""");
            Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        }

        return new Connected(token, wabaId, phoneIds.FirstOrDefault() ?? "", session["businessId"]!.GetValue<string>(), phoneIds);
    }

    public Task<JsonNode> CustomerWritesAsync(string waId, string phoneNumberId, string text = "hello") =>
        ControlPostAsync($"/customers/{waId}/messages", new { phoneNumberId, type = "text", text });

    public async Task<(HttpStatusCode Status, JsonNode Body)> SendTextAsync(Connected c, string to, string body = "hi") =>
        await PostAsync($"{c.PhoneId}/messages", c.Token,
            new JsonObject { ["messaging_product"] = "whatsapp", ["to"] = to, ["type"] = "text", ["text"] = new JsonObject { ["body"] = body } }.ToJsonString());

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
        await Receiver.DisposeAsync();
    }
}

/// <summary>Assertions on Meta error bodies (§4.1).</summary>
public static class MetaAssert
{
    public static void Error(JsonNode body, int code, int? subcode = null)
    {
        var error = body["error"];
        Assert.True(error is not null, "expected an error body, got " + body.ToJsonString());
        Assert.Equal(code, error["code"]!.GetValue<int>());
        if (subcode is not null) Assert.Equal(subcode, error["error_subcode"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(error["message"]!.GetValue<string>()));
        Assert.False(string.IsNullOrEmpty(error["type"]!.GetValue<string>()));
        Assert.Matches("^[A-Za-z0-9_-]{20,}$", error["fbtrace_id"]!.GetValue<string>());
    }
}
