using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using WabaGate.Graph.Webhooks;

namespace WabaGate.Bench;

/// <summary>
/// Signed webhook deliveries against a server started as its own process (sandbox mode, one Embedded Signup
/// connection made through the simulator): the most deliveries per second acknowledged durably (closed loop), the
/// acknowledgement latency at a fixed offered rate (open loop), each beside the same server's no-op endpoint; then
/// the time until processing has drained the backlog, and the server's peak working set.
/// </summary>
internal sealed class WebhookScenario : IScenario
{
    private const string AppSecret = "bench-app-secret";
    private const string ApiKey = "wg_bench_0123456789abcdef0123";
    private long counter;

    public async Task<int> RunAsync(BenchArgs args, CancellationToken ct)
    {
        var provider = args.Provider;
        var duration = TimeSpan.FromSeconds(args.Int("duration", 10));
        var concurrency = args.Int("concurrency", 32);
        var rate = args.Int("rate", 1000);
        var workers = args.Int("workers", 4);
        var settings = new Dictionary<string, string>
        {
            ["WabaGate:Mode"] = "Sandbox",
            ["Sandbox:ApiKey"] = ApiKey,
            ["Sandbox:DemoPassword"] = "bench-password-0123456789",
            ["Meta:AppSecret"] = AppSecret,
            ["Meta:WebhookVerifyToken"] = "bench-verify-token",

            // 0 measures ingestion alone: nothing is processed, so there is no drain to wait for.
            ["Jobs:Concurrency"] = workers.ToString(CultureInfo.InvariantCulture),
        };

        await using var server = await ServerProcess.StartAsync(provider, settings, ct);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(concurrency, 512), PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler, disposeHandler: false) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);

        // Meta sends no Authorization header: the deliveries (and the no-op) go without the API key, so neither pays for API authentication.
        using var meta = new HttpClient(handler, disposeHandler: false) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(10) };
        var (wabaId, phoneNumberId) = await ConnectAsync(http, ct);

        Func<CancellationToken, Task<bool>> Post(string path) => async token =>
        {
            var body = Delivery(wabaId, phoneNumberId, Interlocked.Increment(ref counter));
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new ByteArrayContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, WebhookSignature.Compute(body, AppSecret));
            try
            {
                using var response = await meta.SendAsync(request, token);
                return response.IsSuccessStatusCode;
            }
            catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !token.IsCancellationRequested))
            {
                // Refused, reset or timed out: an error in the results, not the end of the run.
                return false;
            }
        };

        var noop = Post("/bench/noop");
        var webhook = Post("/webhooks/meta");
        Console.WriteLine($"# webhooks on {provider}: {Environment.ProcessorCount} cores, closed loop {concurrency} callers × {duration.TotalSeconds:0} s, open loop {rate}/s × {duration.TotalSeconds:0} s, Jobs:Concurrency {workers}");
        Func<CancellationToken, Task<TimeSpan?>> drain = async token => workers == 0 ? null : await DrainAsync(http, token);

        await Load.ClosedLoopAsync(noop, concurrency, TimeSpan.FromSeconds(2), ct);
        await Load.ClosedLoopAsync(webhook, concurrency, TimeSpan.FromSeconds(2), ct);
        await Load.OpenLoopAsync(webhook, rate, args.Warmup, ct);
        await drain(ct);

        Console.WriteLine();
        Console.WriteLine("| run | endpoint | acknowledged/s | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---|---|---|---|---|---|");
        var noopMax = Row("max rate (closed loop)", "no-op", await Load.ClosedLoopAsync(noop, concurrency, duration, ct));
        var ingestMax = Row("max rate (closed loop)", "webhook (durable)", await Load.ClosedLoopAsync(webhook, concurrency, duration, ct));
        var drainMax = await drain(ct);
        Row($"{rate}/s offered (open loop)", "no-op", await Load.OpenLoopAsync(noop, rate, duration, ct));
        Row($"{rate}/s offered (open loop)", "webhook (durable)", await Load.OpenLoopAsync(webhook, rate, duration, ct));
        var drainRate = await drain(ct);
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"durable ingest / no-op ceiling: {ingestMax.PerSecond / noopMax.PerSecond:P0}; {Drained(drainMax, drainRate)}; peak server working set {server.PeakWorkingSetBytes / (1024.0 * 1024):0} MiB"));
        return 0;
    }

    private static string Drained(TimeSpan? afterMax, TimeSpan? afterRate) => afterMax is { } max && afterRate is { } rate
        ? string.Create(CultureInfo.InvariantCulture, $"backlog drained {max.TotalSeconds:0.0} s after the max-rate run and {rate.TotalSeconds:0.0} s after the fixed-rate run")
        : "processing off (ingestion alone)";

    private static (LatencyRecorder Latency, double PerSecond) Row(string run, string endpoint, (LatencyRecorder Latency, double PerSecond) result)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {run} | {endpoint} | {result.PerSecond:0} | {result.Latency.Percentile(50):0.0} | {result.Latency.Percentile(99):0.0} | {result.Latency.Errors} |"));
        return result;
    }

    /// <summary>Waits until no delivery is pending (processing caught up); returns how long that took.</summary>
    private static async Task<TimeSpan> DrainAsync(HttpClient http, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < TimeSpan.FromMinutes(5))
        {
            var page = await http.GetFromJsonAsync<JsonElement>("/api/v1/webhook-events?state=pending&limit=1", ct);
            if (page.GetProperty("items").GetArrayLength() == 0)
            {
                return clock.Elapsed;
            }

            await Task.Delay(250, ct);
        }

        throw new TimeoutException("The backlog did not drain within 5 minutes.");
    }

    /// <summary>One simulated Embedded Signup, completed through the gateway's own API.</summary>
    private static async Task<(string WabaId, string PhoneNumberId)> ConnectAsync(HttpClient http, CancellationToken ct)
    {
        var config = await http.GetFromJsonAsync<JsonElement>("/api/v1/onboarding/embedded-signup/config", ct);
        using var session = await http.PostAsJsonAsync("/sandbox/meta/signup-sessions", new { phoneNumbers = 1 }, ct);
        var signup = await session.Content.ReadFromJsonAsync<JsonElement>(ct);
        var wabaId = signup.GetProperty("wabaId").GetString()!;
        var phoneNumberId = signup.GetProperty("phoneNumberIds")[0].GetString()!;
        using var complete = await http.PostAsJsonAsync("/api/v1/onboarding/embedded-signup/complete", new
        {
            code = signup.GetProperty("code").GetString(),
            state = config.GetProperty("state").GetString(),
            wabaId,
            phoneNumberId,
        }, ct);
        if (!complete.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Signup failed: {(int)complete.StatusCode} {await complete.Content.ReadAsStringAsync(ct)}");
        }

        return (wabaId, phoneNumberId);
    }

    /// <summary>A one-message delivery in Meta's wire form; every one distinct (Meta's redeliveries are deduplicated).</summary>
    private static byte[] Delivery(string wabaId, string phoneNumberId, long n)
    {
        var wa = 5511900000000 + (n % 500);
        var wamid = $"wamid.bench.{n}.{Guid.NewGuid():N}";
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var json = "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"" + wabaId + "\",\"changes\":[{\"value\":{\"messaging_product\":\"whatsapp\","
            + "\"metadata\":{\"display_phone_number\":\"15550001111\",\"phone_number_id\":\"" + phoneNumberId + "\"},"
            + "\"contacts\":[{\"profile\":{\"name\":\"Cliente " + (n % 500) + "\"},\"wa_id\":\"" + wa + "\"}],"
            + "\"messages\":[{\"from\":\"" + wa + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"" + now + "\",\"type\":\"text\","
            + "\"text\":{\"body\":\"Ol\\u00e1, mensagem n\\u00famero " + n + "\"}}]},\"field\":\"messages\"}]}]}";
        return Encoding.UTF8.GetBytes(json);
    }
}
