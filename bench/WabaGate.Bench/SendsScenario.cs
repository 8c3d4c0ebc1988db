using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using WabaGate.Simulator;

namespace WabaGate.Bench;

/// <summary>
/// <c>sends</c>: template messages through <c>POST /api/v1/messages</c> (real HTTP, a closed loop of
/// <c>--concurrency</c> clients for <c>--duration</c> s) against a server started as its own process, for
/// <c>--numbers</c> phone numbers limited to <c>--rate</c> messages/s each. The simulated Meta runs standalone in the
/// bench process (the server's Graph client points at it), so it absorbs the sends without taking the server's CPU,
/// and it records when it accepted each send. Status webhooks are off (no callback URL): only the send path is
/// measured. Reports, beside the same server's no-op endpoint measured in the same run: accepted/s and accept
/// latency, the send rate at Meta while the API was loaded and while the backlog drained, the busiest one-second
/// window per number (must stay at or below the limit), the server's CPU time per message (comparable across runs on a busy machine, unlike the rates) and its peak working set.
/// </summary>
internal sealed class SendsScenario : IScenario
{
    private const string ApiKey = "wg_bench_0123456789abcdef0123";
    private const string AppId = "912345678";
    private const string AppSecret = "bench-app-secret";
    private const string Template = "bench_notice";

    public async Task<int> RunAsync(BenchArgs args, CancellationToken ct)
    {
        var numbers = args.Int("numbers", 1);
        var rate = args.Int("rate", 1000);
        var duration = TimeSpan.FromSeconds(args.Int("duration", 15));
        var concurrency = args.Int("concurrency", 32);
        var workers = args.Int("workers", 16);
        var invariant = CultureInfo.InvariantCulture;

        await using var sim = await SimulatorHost.StartAsync(o =>
        {
            (o.AppId, o.AppSecret) = (AppId, AppSecret);
            o.ThroughputPerSecond = rate;
            o.HighThroughputPerSecond = rate;
            o.OutboxCapacity = 2_000_000;
            o.CustomersReadMessages = false;
            o.SendPartnerAddedOnSignup = false;
        }, cancellationToken: ct);
        var settings = new Dictionary<string, string>
        {
            ["WabaGate:Mode"] = "Sandbox",
            ["Sandbox:ApiKey"] = ApiKey,
            ["Sandbox:DemoPassword"] = "bench-password-0123456789",
            ["Meta:AppId"] = AppId,
            ["Meta:AppSecret"] = AppSecret,
            ["Meta:WebhookVerifyToken"] = "bench-verify-token",
            ["Meta:GraphBaseUrl"] = sim.GraphBaseUrl,
            ["Messaging:DefaultThroughputPerSecond"] = rate.ToString(invariant),
            ["Messaging:HighThroughputPerSecond"] = rate.ToString(invariant),
            ["Messaging:ApiRequestsPerSecond"] = "1000000",
            ["Messaging:ApiBurst"] = "1000000",
            ["Messaging:ConnectionSendsPerSecond"] = "1000000",
            ["Messaging:ConnectionSendBurst"] = "1000000",
            ["Jobs:Concurrency"] = workers.ToString(invariant),
        };

        await using var server = await ServerProcess.StartAsync(args.Provider, settings, ct);
        using var handler = new SocketsHttpHandler { MaxConnectionsPerServer = Math.Max(concurrency, 64), PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
        using var http = new HttpClient(handler) { BaseAddress = server.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiKey);
        var phones = await ConnectAsync(sim, http, numbers, ct);
        Console.WriteLine($"# sends on {args.Provider}: {Environment.ProcessorCount} cores, {numbers} number(s) limited to {rate}/s each, closed loop {concurrency} clients × {duration.TotalSeconds:0} s, {workers} job workers");

        long counter = 0;
        string? firstRefusal = null;
        Func<CancellationToken, Task<bool>> Post(string path) => async token =>
        {
            var n = Interlocked.Increment(ref counter);
            var body = $"{{\"from\":\"{phones[(int)(n % numbers)]}\",\"to\":\"55{n:D11}\",\"type\":\"template\",\"template\":{{\"name\":\"{Template}\",\"language\":\"en_US\"}}}}";
            using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
            try
            {
                using var response = await http.SendAsync(request, token);
                if (response.StatusCode is HttpStatusCode.Accepted or HttpStatusCode.OK)
                {
                    return true;
                }

                firstRefusal ??= $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(token)}";
                return false;
            }
            catch (Exception exception) when (exception is HttpRequestException || (exception is TaskCanceledException && !token.IsCancellationRequested))
            {
                return false;
            }
        };

        // Warm up both endpoints (JIT, pools), then wait until the warm-up sends have left.
        await Load.ClosedLoopAsync(Post("/bench/noop"), concurrency, TimeSpan.FromSeconds(2), ct);
        var warm = await Load.ClosedLoopAsync(Post("/api/v1/messages"), concurrency, args.Warmup, ct);
        await DrainAsync(sim, phones, warm.Latency.Count, TimeSpan.FromSeconds(300), ct);
        var before = phones.Sum(p => sim.State.GetOutbox(p).Count);

        var noop = await Load.ClosedLoopAsync(Post("/bench/noop"), concurrency, TimeSpan.FromSeconds(5), ct);
        var started = DateTimeOffset.UtcNow;
        var cpuBefore = server.CpuTime;
        var sends = await Load.ClosedLoopAsync(Post("/api/v1/messages"), concurrency, duration, ct);
        var loadEnded = DateTimeOffset.UtcNow;
        var drained = await DrainAsync(sim, phones, before + sends.Latency.Count, TimeSpan.FromSeconds(Math.Max(60, 3.0 * sends.Latency.Count / (rate * numbers))), ct);
        var cpuPerMessage = (server.CpuTime - cpuBefore).TotalMilliseconds / Math.Max(1, sends.Latency.Count);

        var perPhone = phones.Select(p => sim.State.GetOutbox(p).Select(m => m.AcceptedAt).Where(t => t >= started).ToList()).ToList();
        var all = perPhone.SelectMany(t => t).ToList();
        var last = all.DefaultIfEmpty(started).Max();
        Console.WriteLine();
        Console.WriteLine("| endpoint | accepted/s | p50 ms | p99 ms | errors |");
        Console.WriteLine("|---|---|---|---|---|");
        Row("no-op", noop);
        Row("POST /api/v1/messages", sends);
        Console.WriteLine();
        var drain = last > loadEnded.AddSeconds(1)
            ? string.Create(invariant, $"{Between(all, loadEnded, last.AddTicks(1)):0}/s while the backlog drained ({(last - loadEnded).TotalSeconds:0.0} s)")
            : "no backlog after the load";
        Console.WriteLine(string.Create(invariant, $"sent at Meta: {all.Count} of {sends.Latency.Count} accepted; {Between(all, started.AddSeconds(1), loadEnded):0}/s while the API was loaded, {drain}"));
        Console.WriteLine(string.Create(invariant, $"server CPU per message (accept and dispatch, from the load's start until the backlog drained): {cpuPerMessage:0.00} ms"));
        Console.WriteLine(string.Create(invariant, $"busiest second per number: {string.Join(", ", perPhone.Select(BusiestSecond))} (limit {rate}/s); accepted / no-op ceiling {sends.PerSecond / noop.PerSecond:P0}; peak server working set {server.PeakWorkingSetBytes / (1024.0 * 1024):0} MiB"));
        if (firstRefusal is not null)
        {
            Console.WriteLine($"first refusal: {firstRefusal}");
        }

        return drained && all.Count >= sends.Latency.Count ? 0 : 1;
    }

    private static void Row(string endpoint, (LatencyRecorder Latency, double PerSecond) result)
        => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {endpoint} | {result.PerSecond:0} | {result.Latency.Percentile(50):0.0} | {result.Latency.Percentile(99):0.0} | {result.Latency.Errors} |"));

    private static async Task<bool> DrainAsync(SimulatorHost sim, IReadOnlyList<string> phones, int expected, TimeSpan limit, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        while (phones.Sum(p => sim.State.GetOutbox(p).Count) < expected)
        {
            if (clock.Elapsed > limit)
            {
                Console.Error.WriteLine($"backlog not drained within {limit.TotalSeconds:0} s");
                return false;
            }

            await Task.Delay(100, ct);
        }

        return true;
    }

    private static double Between(List<DateTimeOffset> times, DateTimeOffset from, DateTimeOffset to)
        => to <= from ? 0 : times.Count(t => t >= from && t < to) / (to - from).TotalSeconds;

    /// <summary>The most sends within any one second (the limiter's ceiling, measured at Meta).</summary>
    private static int BusiestSecond(List<DateTimeOffset> times)
    {
        var sorted = times.Order().ToArray();
        var best = 0;
        for (int start = 0, end = 0; start < sorted.Length; start++)
        {
            while (end < sorted.Length && sorted[end] - sorted[start] < TimeSpan.FromSeconds(1))
            {
                end++;
            }

            best = Math.Max(best, end - start);
        }

        return best;
    }

    /// <summary>One Embedded Signup with <paramref name="count"/> numbers through the gateway's API, and an approved template synced from Meta.</summary>
    private static async Task<List<string>> ConnectAsync(SimulatorHost sim, HttpClient http, int count, CancellationToken ct)
    {
        var signup = sim.State.CreateSignupSession(count, "Bench");
        using var plain = new HttpClient();
        foreach (var phone in signup.PhoneNumberIds)
        {
            (await plain.PostAsJsonAsync($"{sim.BaseUrl}/phone-numbers/{phone}/quality", new { throughputLevel = "HIGH" }, ct)).EnsureSuccessStatusCode();
        }

        var config = await http.GetFromJsonAsync<JsonElement>("/api/v1/onboarding/embedded-signup/config", ct);
        using var complete = await http.PostAsJsonAsync("/api/v1/onboarding/embedded-signup/complete", new
        {
            code = signup.Code,
            state = config.GetProperty("state").GetString(),
            wabaId = signup.WabaId,
            phoneNumberId = signup.PhoneNumberIds[0],
        }, ct);
        if (!complete.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Signup failed: {(int)complete.StatusCode} {await complete.Content.ReadAsStringAsync(ct)}");
        }

        var token = sim.State.IssueToken([signup.WabaId]);
        var components = new JsonArray(new JsonObject { ["type"] = "BODY", ["text"] = "Your appointment is confirmed." });
        using var create = new HttpRequestMessage(HttpMethod.Post, $"{sim.GraphBaseUrl}/v24.0/{signup.WabaId}/message_templates")
        {
            Content = JsonContent.Create(new JsonObject { ["name"] = Template, ["language"] = "en_US", ["category"] = "UTILITY", ["components"] = components }),
        };
        create.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var created = await plain.SendAsync(create, ct);
        created.EnsureSuccessStatusCode();
        var metaId = (await created.Content.ReadFromJsonAsync<JsonElement>(ct)).GetProperty("id").GetString()!;
        (await plain.PostAsJsonAsync($"{sim.BaseUrl}/templates/{metaId}/review", new { status = "APPROVED" }, ct)).EnsureSuccessStatusCode();
        using var sync = await http.PostAsync("/api/v1/templates/sync", null, ct);
        sync.EnsureSuccessStatusCode();
        return [.. signup.PhoneNumberIds];
    }
}
