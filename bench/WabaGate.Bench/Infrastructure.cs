using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using WabaGate.Server.Data;
using WabaGate.TestKit;

namespace WabaGate.Bench;

/// <summary>A benchmark scenario, chosen by the first command-line argument.</summary>
internal interface IScenario
{
    Task<int> RunAsync(BenchArgs args, CancellationToken ct);
}

/// <summary><c>--key value</c> options with defaults.</summary>
internal sealed class BenchArgs(Dictionary<string, string> values)
{
    public static BenchArgs Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        return new BenchArgs(values);
    }

    public string Get(string key, string fallback) => values.TryGetValue(key, out var v) ? v : fallback;

    public int Int(string key, int fallback) => values.TryGetValue(key, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    /// <summary>
    /// How long the endpoint under test is driven before anything is measured (<c>--warmup</c> seconds, default 20):
    /// a freshly started server spends its first tens of seconds in the JIT's tiered re-compilation of the hot paths
    /// (measured: 2.7 s of JIT time per 5 s, 30 s after start), so a short warm-up measures the JIT, not the server.
    /// </summary>
    public TimeSpan Warmup => TimeSpan.FromSeconds(Int("warmup", 20));

    public DatabaseProvider Provider => Get("provider", "sqlite").Equals("postgres", StringComparison.OrdinalIgnoreCase) ? DatabaseProvider.Postgres : DatabaseProvider.Sqlite;
}

/// <summary>Latencies of one run (bounded: at most <paramref name="capacity"/> samples) and their percentiles.</summary>
internal sealed class LatencyRecorder(int capacity)
{
    private readonly double[] samples = new double[capacity];
    private int count;
    private int errors;

    public int Count => Math.Min(count, samples.Length);

    public int Errors => errors;

    public void Record(TimeSpan latency)
    {
        var i = Interlocked.Increment(ref count) - 1;
        if (i < samples.Length)
        {
            samples[i] = latency.TotalMilliseconds;
        }
    }

    public void Error() => Interlocked.Increment(ref errors);

    public double Percentile(double p)
    {
        var n = Count;
        if (n == 0)
        {
            return double.NaN;
        }

        var sorted = samples[..n];
        Array.Sort(sorted);
        return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * n) - 1, 0, n - 1)];
    }
}

/// <summary>The built server started as its own process, with its peak working set sampled while it runs.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process process;
    private readonly CancellationTokenSource sampling = new();
    private readonly Task sampler;
    private long peakWorkingSet;

    private ServerProcess(Process process, Uri baseAddress, string dataDirectory)
    {
        this.process = process;
        BaseAddress = baseAddress;
        DataDirectory = dataDirectory;
        sampler = Task.Run(SampleAsync);
    }

    public Uri BaseAddress { get; }

    public string DataDirectory { get; }

    public long PeakWorkingSetBytes => Interlocked.Read(ref peakWorkingSet);

    /// <summary>The server's CPU time so far (user and system, all threads).</summary>
    public TimeSpan CpuTime
    {
        get
        {
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    /// <summary>Starts <c>WabaGate.Server.dll</c> from the same build output (its own folder is the content root).</summary>
    public static async Task<ServerProcess> StartAsync(DatabaseProvider provider, IDictionary<string, string> settings, CancellationToken ct)
    {
        var serverDll = Path.Combine(AppContext.BaseDirectory, "WabaGate.Server.dll");
        var dataDirectory = Path.Combine(Path.GetTempPath(), "wabagate-bench-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [serverDll, "--contentRoot", AppContext.BaseDirectory])
        {
            WorkingDirectory = AppContext.BaseDirectory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var env = start.Environment;
        env["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}";
        env["ASPNETCORE_ENVIRONMENT"] = "Production";
        env["WabaGate__DataDirectory"] = dataDirectory;
        env["Database__Provider"] = provider.ToString();
        env["Logging__LogLevel__Default"] = "Warning";
        env["Bench__NoOpEndpoint"] = "true";
        if (provider == DatabaseProvider.Postgres)
        {
            var cluster = await PostgresCluster.SharedAsync();
            var (app, owner) = await cluster.CreateDatabaseAsync("bench");
            env["ConnectionStrings__Postgres"] = app;
            env["ConnectionStrings__PostgresMigrations"] = owner;
        }

        foreach (var (key, value) in settings)
        {
            env[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The server did not start.");
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                Console.Error.WriteLine("[server] " + line);
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port}"), dataDirectory);
        await server.WaitReadyAsync(ct);
        return server;
    }

    private async Task WaitReadyAsync(CancellationToken ct)
    {
        using var http = new HttpClient { BaseAddress = BaseAddress };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {process.ExitCode}.");
            }

            try
            {
                using var ready = await http.GetAsync("/health/ready", ct);
                if (ready.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, ct);
        }

        throw new TimeoutException("The server did not become ready.");
    }

    private async Task SampleAsync()
    {
        while (!sampling.IsCancellationRequested && !process.HasExited)
        {
            process.Refresh();
            var ws = process.WorkingSet64;
            if (ws > Interlocked.Read(ref peakWorkingSet))
            {
                Interlocked.Exchange(ref peakWorkingSet, ws);
            }

            try
            {
                await Task.Delay(100, sampling.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        await sampling.CancelAsync();
        await sampler;
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }

        process.Dispose();
        sampling.Dispose();
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}

/// <summary>Closed and open loops over one request function.</summary>
internal static class Load
{
    /// <summary><paramref name="concurrency"/> callers, each sending the next request as soon as the last was answered.</summary>
    public static async Task<(LatencyRecorder Latency, double PerSecond)> ClosedLoopAsync(Func<CancellationToken, Task<bool>> send, int concurrency, TimeSpan duration, CancellationToken ct)
    {
        var latency = new LatencyRecorder(2_000_000);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        stop.CancelAfter(duration);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var started = Stopwatch.GetTimestamp();
                if (await send(ct))
                {
                    latency.Record(Stopwatch.GetElapsedTime(started));
                }
                else
                {
                    latency.Error();
                }
            }
        }, ct));
        await Task.WhenAll(workers);
        return (latency, latency.Count / clock.Elapsed.TotalSeconds);
    }

    /// <summary>
    /// Requests started on a fixed schedule whatever the answers do; each latency counts from its scheduled start, so
    /// a stalled server shows up in the percentiles (no coordinated omission).
    /// </summary>
    public static async Task<(LatencyRecorder Latency, double PerSecond)> OpenLoopAsync(Func<CancellationToken, Task<bool>> send, int ratePerSecond, TimeSpan duration, CancellationToken ct)
    {
        var total = (int)(ratePerSecond * duration.TotalSeconds);
        var latency = new LatencyRecorder(total);
        var inFlight = new List<Task>(total);
        var origin = Stopwatch.GetTimestamp();
        var ticksPerRequest = Stopwatch.Frequency / (double)ratePerSecond;
        for (var i = 0; i < total && !ct.IsCancellationRequested; i++)
        {
            var scheduled = origin + (long)(i * ticksPerRequest);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), scheduled);
            if (wait > TimeSpan.FromMilliseconds(1))
            {
                await Task.Delay(wait, ct);
            }

            inFlight.Add(Task.Run(async () =>
            {
                if (await send(ct))
                {
                    latency.Record(Stopwatch.GetElapsedTime(scheduled));
                }
                else
                {
                    latency.Error();
                }
            }, ct));
        }

        await Task.WhenAll(inFlight);
        return (latency, latency.Count / Stopwatch.GetElapsedTime(origin).TotalSeconds);
    }
}
