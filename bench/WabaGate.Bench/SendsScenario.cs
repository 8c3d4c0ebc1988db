using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Connections;
using WabaGate.Simulator;
using WabaGate.TestKit;

namespace WabaGate.Bench;

/// <summary>
/// <c>sends</c>: template messages through <c>POST /api/v1/messages</c> (real HTTP) to the simulated Meta for
/// <c>--numbers</c> phone numbers limited to <c>--rate</c> messages/s each, for <c>--seconds</c>. Reports the API's
/// accept rate and latency, the sustained send rate measured at Meta while the API was loaded, the drain rate of the
/// backlog afterwards, and the busiest second per number (which must not exceed the limit).
/// </summary>
internal static class SendsScenario
{
    private const string Template = "bench_notice";

    public static async Task<int> RunAsync(BenchArgs args)
    {
        var numbers = args.Int("numbers", 1);
        var rate = args.Int("rate", 1000);
        var seconds = args.Int("seconds", 20);
        var concurrency = args.Int("concurrency", 32);
        var workers = args.Int("workers", 64);
        var provider = Enum.Parse<DatabaseProvider>(args.Text("provider", "Sqlite"), ignoreCase: true);

        await using var sim = await SimulatorHost.StartAsync(o =>
        {
            o.HighThroughputPerSecond = 1000;
            o.OutboxCapacity = rate * (seconds + 120);
            o.CustomersReadMessages = false;
            o.SentDelay = o.DeliveredDelay = o.ReadDelay = TimeSpan.FromSeconds(1);
        });
        var invariant = CultureInfo.InvariantCulture;
        await using var gateway = await GatewayFactory.CreateAsync(provider, new Dictionary<string, string?>
        {
            ["Meta:GraphBaseUrl"] = sim.GraphBaseUrl,
            ["Messaging:DefaultThroughputPerSecond"] = rate.ToString(invariant),
            ["Messaging:HighThroughputPerSecond"] = rate.ToString(invariant),
            ["Messaging:ApiRequestsPerSecond"] = "1000000",
            ["Messaging:ApiBurst"] = "1000000",
            ["Messaging:ConnectionSendsPerSecond"] = "1000000",
            ["Messaging:ConnectionSendBurst"] = "1000000",
            ["Jobs:Concurrency"] = workers.ToString(invariant),
            ["Jobs:PollInterval"] = "00:00:00.020",
            ["Logging:LogLevel:Default"] = "Error",
        });
        var baseAddress = gateway.StartOnLoopback();
        var org = await gateway.CreateOrganizationAsync();
        var phones = await ConnectAsync(sim, gateway, org.OrgId, numbers, rate > 80);

        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = concurrency }) { BaseAddress = baseAddress };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", org.ApiKey);
        Console.WriteLine($"sends: {numbers} number(s) at {rate}/s each, {seconds} s, {concurrency} API clients, {workers} dispatch workers, {provider}");

        var started = DateTimeOffset.UtcNow;
        var stopAt = Stopwatch.GetTimestamp() + (seconds * Stopwatch.Frequency);
        var recorders = Enumerable.Range(0, concurrency).Select(_ => new LatencyRecorder()).ToArray();
        var accepted = 0;
        var refused = 0;
        var next = 0;
        await Task.WhenAll(recorders.Select(async recorder =>
        {
            while (Stopwatch.GetTimestamp() < stopAt)
            {
                var n = Interlocked.Increment(ref next);
                var body = new { from = phones[n % numbers], to = $"55{n:D11}", type = "template", template = new { name = Template, language = "en_US" } };
                var start = Stopwatch.GetTimestamp();
                using var response = await http.PostAsJsonAsync("/api/v1/messages", body);
                recorder.Record(start);
                if (response.StatusCode == HttpStatusCode.Accepted)
                {
                    Interlocked.Increment(ref accepted);
                }
                else if (Interlocked.Increment(ref refused) <= 3)
                {
                    Console.Error.WriteLine($"refused: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                }
            }
        }));
        var loadEnded = DateTimeOffset.UtcNow;
        var latency = LatencyRecorder.Merge(recorders);

        // Drain: wait for the backlog to reach Meta (bounded wait).
        var drainDeadline = DateTime.UtcNow.AddSeconds(Math.Max(60, 3.0 * accepted / (rate * numbers)));
        while (phones.Sum(p => sim.State.GetOutbox(p).Count) < accepted && DateTime.UtcNow < drainDeadline)
        {
            await Task.Delay(1000);
        }

        var perPhone = phones.Select(p => sim.State.GetOutbox(p).Select(m => m.AcceptedAt).ToList()).ToList();
        var all = perPhone.SelectMany(t => t).ToList();
        var warm = started.AddSeconds(2);
        Console.WriteLine($"accepted {accepted} ({accepted / (loadEnded - started).TotalSeconds:F0}/s), refused {refused}; accept latency p50 {latency.P50:F1} ms, p99 {latency.P99:F1} ms, p99.9 {latency.P999:F1} ms, max {latency.Max:F1} ms");
        Console.WriteLine($"sent to Meta {all.Count}; sustained under API load {Rates.Between(all, warm, loadEnded):F0}/s; overall {Rates.Between(all, started, all.DefaultIfEmpty(started).Max().AddTicks(1)):F0}/s");
        if (all.Count > 0 && all.Max() > loadEnded.AddSeconds(1))
        {
            Console.WriteLine($"drain after load {Rates.Between(all, loadEnded, all.Max().AddTicks(1)):F0}/s");
        }

        Console.WriteLine($"busiest second per number: {string.Join(", ", perPhone.Select(Rates.BusiestSecond))} (limit {rate}/s)");
        return all.Count >= accepted ? 0 : 1;
    }

    /// <summary>A simulated WABA with <paramref name="count"/> registered numbers, connected to the organization, and an approved template.</summary>
    private static async Task<List<string>> ConnectAsync(SimulatorHost sim, GatewayFactory gateway, Guid orgId, int count, bool highThroughput)
    {
        var signup = sim.State.CreateSignupSession(count, "Bench");
        var token = sim.State.IssueToken([signup.WabaId]);
        using var http = new HttpClient();
        async Task GraphAsync(HttpMethod method, string path, object body)
        {
            using var request = new HttpRequestMessage(method, $"{sim.GraphBaseUrl}/v24.0/{path}") { Content = JsonContent.Create(body) };
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var response = await http.SendAsync(request);
            response.EnsureSuccessStatusCode();
        }

        foreach (var phone in signup.PhoneNumberIds)
        {
            await GraphAsync(HttpMethod.Post, $"{phone}/register", new { messaging_product = "whatsapp", pin = "123456" });
            if (highThroughput)
            {
                (await http.PostAsJsonAsync($"{sim.BaseUrl}/phone-numbers/{phone}/quality", new { throughputLevel = "HIGH" })).EnsureSuccessStatusCode();
            }
        }

        var components = new JsonArray(new JsonObject { ["type"] = "BODY", ["text"] = "Your appointment is confirmed." });
        using var created = await http.SendAsync(new HttpRequestMessage(HttpMethod.Post, $"{sim.GraphBaseUrl}/v24.0/{signup.WabaId}/message_templates")
        {
            Content = JsonContent.Create(new JsonObject { ["name"] = Template, ["language"] = "en_US", ["category"] = "UTILITY", ["components"] = components.DeepClone() }),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", token) },
        });
        created.EnsureSuccessStatusCode();
        var metaId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!;
        (await http.PostAsJsonAsync($"{sim.BaseUrl}/templates/{metaId}/review", new { status = "APPROVED" })).EnsureSuccessStatusCode();

        await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(orgId);
            var db = sp.GetRequiredService<AppDbContext>();
            var now = DateTimeOffset.UtcNow;
            var connection = new Connection { OrgId = orgId, WabaId = signup.WabaId, Name = "Bench", Status = ConnectionStatus.Active, CreatedAt = now, UpdatedAt = now };
            connection.AccessTokenCipher = await sp.GetRequiredService<ConnectionSecrets>().EncryptAsync(connection, ConnectionSecrets.AccessToken, token, CancellationToken.None);
            db.Add(connection);
            foreach (var phone in signup.PhoneNumberIds)
            {
                db.Add(new PhoneNumber { OrgId = orgId, ConnectionId = connection.Id, PhoneNumberId = phone, Registered = true, ThroughputLevel = highThroughput ? "HIGH" : "STANDARD", CreatedAt = now, UpdatedAt = now });
            }

            db.Add(new Template
            {
                OrgId = orgId, ConnectionId = connection.Id, MetaId = metaId, Name = Template, Language = "en_US", Category = "UTILITY", Status = "APPROVED",
                Components = components.ToJsonString(), CreatedAt = now, UpdatedAt = now, SyncedAt = now,
            });
            return await db.SaveChangesAsync();
        });
        return [.. signup.PhoneNumberIds];
    }
}
