using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace WabaGate.TestKit;

/// <summary>
/// One throwaway PostgreSQL cluster per test run: <c>initdb</c> + <c>pg_ctl</c> in a temp directory on a free
/// loopback port, run as the <c>postgres</c> OS user when the tests run as root (PostgreSQL refuses root).
/// Each test asks for its own database, owned by a non-superuser owner role, with a separate application
/// login role that owns nothing and lacks BYPASSRLS — the production arrangement.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    public const string OwnerRole = "wabagate_owner";
    public const string AppRole = "wabagate_app";

    private static readonly SemaphoreSlim StartLock = new(1, 1);
    private static PostgresCluster? shared;
    private readonly string directory;
    private readonly int port;
    private int databases;

    private PostgresCluster(string directory, int port)
    {
        this.directory = directory;
        this.port = port;
    }

    public string SuperuserConnectionString => Connection("postgres", "postgres");

    /// <summary>The cluster of this test run, started on first use and stopped when the process exits.</summary>
    public static async Task<PostgresCluster> SharedAsync()
    {
        await StartLock.WaitAsync();
        try
        {
            if (shared is null)
            {
                shared = await StartAsync();
                AppDomain.CurrentDomain.ProcessExit += (_, _) => shared.DisposeAsync().AsTask().GetAwaiter().GetResult();
            }

            return shared;
        }
        finally
        {
            StartLock.Release();
        }
    }

    /// <summary>Creates a fresh database; returns (application connection string, owner connection string).</summary>
    public async Task<(string App, string Owner)> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Environment.ProcessId}_{Interlocked.Increment(ref databases)}";
        await using var connection = new NpgsqlConnection(SuperuserConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\" OWNER {OwnerRole}; ", connection);
        await command.ExecuteNonQueryAsync();
        await using var revoke = new NpgsqlCommand($"REVOKE ALL ON DATABASE \"{name}\" FROM PUBLIC; GRANT CONNECT, TEMP ON DATABASE \"{name}\" TO {AppRole};", connection);
        await revoke.ExecuteNonQueryAsync();
        return (Connection(name, AppRole), Connection(name, OwnerRole));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await RunAsync(Bin("pg_ctl"), $"-D \"{DataDir}\" -m immediate -w stop");
        }
        catch (InvalidOperationException)
        {
            // Already stopped; the directory goes either way.
        }

        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private string DataDir => Path.Combine(directory, "data");

    private string Connection(string database, string user)
        => $"Host=127.0.0.1;Port={port};Database={database};Username={user};Password=test;Pooling=true;Maximum Pool Size=20;Timeout=30";

    private static async Task<PostgresCluster> StartAsync()
    {
        var directory = Path.Combine(Path.GetTempPath(), "wabagate-pg-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(directory);
        if (IsRoot)
        {
            await RunAsync("chown", $"postgres \"{directory}\"", asPostgres: false);
        }

        var port = FreePort();
        var cluster = new PostgresCluster(directory, port);
        await RunAsync(Bin("initdb"), $"-D \"{cluster.DataDir}\" -U postgres -A trust -E UTF8 --no-locale");
        await RunAsync(Bin("pg_ctl"),
            $"-D \"{cluster.DataDir}\" -l \"{Path.Combine(directory, "log")}\" -w -t 60 -o \"-c listen_addresses=127.0.0.1 -p {port} -k {directory} -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=300\" start");

        await using var connection = new NpgsqlConnection(cluster.SuperuserConnectionString);
        await connection.OpenAsync();
        await using var roles = new NpgsqlCommand($"""
            CREATE ROLE {OwnerRole} LOGIN PASSWORD 'test' NOSUPERUSER NOBYPASSRLS;
            CREATE ROLE {AppRole} LOGIN PASSWORD 'test' NOSUPERUSER NOBYPASSRLS;
            """, connection);
        await roles.ExecuteNonQueryAsync();
        return cluster;
    }

    private static bool IsRoot => Environment.UserName == "root";

    private static string Bin(string tool)
    {
        var fromEnv = Environment.GetEnvironmentVariable("WABAGATE_PG_BIN");
        var candidates = new List<string>();
        if (!string.IsNullOrEmpty(fromEnv))
        {
            candidates.Add(fromEnv);
        }

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            candidates.AddRange(Directory.GetDirectories("/usr/lib/postgresql").OrderDescending().Select(d => Path.Combine(d, "bin")));
        }

        return candidates.Select(d => Path.Combine(d, tool)).FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException($"PostgreSQL's {tool} was not found; ./test.sh installs the Debian package 'postgresql'.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task RunAsync(string file, string arguments, bool asPostgres = true)
    {
        var start = asPostgres && IsRoot
            ? new ProcessStartInfo("runuser", $"-u postgres -- {file} {arguments}")
            : new ProcessStartInfo(file, arguments);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {file}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{file} {arguments} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
