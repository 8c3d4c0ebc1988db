using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;

namespace WabaGate.TestKit;

/// <summary>
/// A whole gateway (the real Program) on a fresh database: a temp SQLite file or a new database in the
/// run's PostgreSQL cluster. Every test builds its own, so tests never share state.
/// </summary>
public sealed class GatewayFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> settings;
    private bool ownsDataDirectory = true;

    private GatewayFactory(DatabaseProvider provider, string dataDirectory, Dictionary<string, string?> settings)
    {
        Provider = provider;
        DataDirectory = dataDirectory;
        this.settings = settings;
    }

    /// <summary>The settings the gateway was started with (e.g. to start a second node on the same database).</summary>
    public IReadOnlyDictionary<string, string?> Settings => settings;

    /// <summary>
    /// Starts the gateway on Kestrel at a free loopback port instead of the in-memory test server: needed
    /// whenever something must reach it over real HTTP (the simulator's webhooks, a browser).
    /// Returns the base address.
    /// </summary>
    public Uri StartOnLoopback()
    {
        settings[Microsoft.AspNetCore.Hosting.WebHostDefaults.ServerUrlsKey] = "http://127.0.0.1:0";
        UseKestrel();
        StartServer();
        return ClientOptions.BaseAddress;
    }

    /// <summary>Service overrides applied after the application's own (e.g. a captured console or logger). Set before first use.</summary>
    public Action<IServiceCollection>? ConfigureServices { get; set; }

    public DatabaseProvider Provider { get; }

    public string DataDirectory { get; }

    public static async Task<GatewayFactory> CreateAsync(DatabaseProvider provider, IDictionary<string, string?>? extra = null)
    {
        extra ??= new Dictionary<string, string?>();
        var ownsDirectory = !(extra.TryGetValue("WabaGate:DataDirectory", out var reused) && reused is not null);
        var dataDirectory = reused ?? Path.Combine(Path.GetTempPath(), "wabagate-test-" + Guid.NewGuid().ToString("N")[..12]);
        var settings = new Dictionary<string, string?>
        {
            ["WabaGate:Mode"] = "Sandbox",
            ["WabaGate:DataDirectory"] = dataDirectory,
            ["Database:Provider"] = provider.ToString(),
            ["Logging:LogLevel:Default"] = "Warning",
            // The sandbox's demo organization would be one more organization in every test; its own tests turn it on.
            ["Sandbox:Bootstrap"] = "false",
        };

        if (provider == DatabaseProvider.Postgres)
        {
            var cluster = await PostgresCluster.SharedAsync();
            var (app, owner) = await cluster.CreateDatabaseAsync("gw");
            settings["ConnectionStrings:Postgres"] = app;
            settings["ConnectionStrings:PostgresMigrations"] = owner;
        }

        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return new GatewayFactory(provider, dataDirectory, settings) { ownsDataDirectory = ownsDirectory };
    }

    /// <summary>
    /// A second gateway over the same data directory and database, as after a process restart. The new one takes
    /// over cleaning up the data directory; dispose this one first to model a real restart.
    /// </summary>
    public GatewayFactory Restart(IDictionary<string, string?>? changedSettings = null)
    {
        var next = new Dictionary<string, string?>(settings);
        foreach (var (key, value) in changedSettings ?? new Dictionary<string, string?>())
        {
            next[key] = value;
        }

        ownsDataDirectory = false;
        return new GatewayFactory(Provider, DataDirectory, next);
    }

    /// <summary>Runs <paramref name="work"/> in a fresh DI scope (a unit of work, like a request or a job).</summary>
    public async Task<T> InScopeAsync<T>(Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (ConfigureServices is { } configure)
        {
            builder.ConfigureServices(configure);
        }
    }

    /// <summary>
    /// Closes this gateway's idle PostgreSQL connections: its database is never used again, and pools left open by
    /// hundreds of finished gateways would exhaust the shared cluster's connection slots.
    /// </summary>
    private void ClosePostgresPools()
    {
        foreach (var key in new[] { "ConnectionStrings:Postgres", "ConnectionStrings:PostgresMigrations" })
        {
            if (settings.TryGetValue(key, out var connectionString) && connectionString is not null)
            {
                using var connection = new Npgsql.NpgsqlConnection(connectionString);
                Npgsql.NpgsqlConnection.ClearPool(connection);
            }
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        ClosePostgresPools();
        if (!ownsDataDirectory)
        {
            return;
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
