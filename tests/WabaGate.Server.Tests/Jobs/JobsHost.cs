using System.Net.Http.Headers;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Jobs;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Jobs;

/// <summary>
/// A gateway with the probe's test handlers registered and fast queue timings; optionally on another host's
/// database, so several nodes share one queue.
/// </summary>
internal sealed class JobsHost : IAsyncDisposable
{
    private readonly GatewayFactory gateway;

    private JobsHost(GatewayFactory gateway, WebApplicationFactory<Program> factory, string name, BatchProbe batches)
    {
        this.gateway = gateway;
        Factory = factory;
        Name = name;
        Batches = batches;
    }

    /// <summary>Most jobs the batch probe's handler takes at once.</summary>
    public const int MaxBatch = 8;

    /// <summary>What the batch probe's handler was called with.</summary>
    public BatchProbe Batches { get; }

    public WebApplicationFactory<Program> Factory { get; }

    public string Name { get; }

    public IServiceProvider Services => Factory.Services;

    public DatabaseProvider Provider => gateway.Provider;

    public static async Task<JobsHost> StartAsync(
        DatabaseProvider provider, JobProbe probe, string name = "a", IDictionary<string, string?>? settings = null, JobsHost? shareDatabaseWith = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Jobs:PollInterval"] = "00:00:00.100",
            ["Jobs:BackoffBase"] = "00:00:00.050",
            ["Jobs:BackoffMax"] = "00:00:00.200",
            ["Jobs:ShutdownGrace"] = "00:00:01",
            ["Jobs:MaintenanceInterval"] = "01:00:00",
        };
        if (shareDatabaseWith is not null)
        {
            var db = shareDatabaseWith.Services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
            all["ConnectionStrings:Postgres"] = db.PostgresConnectionString;
            all["ConnectionStrings:PostgresMigrations"] = db.PostgresMigrationsConnectionString;
            all["ConnectionStrings:Sqlite"] = db.SqliteConnectionString;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        var gateway = await GatewayFactory.CreateAsync(provider, all);
        var batches = new BatchProbe();
        var factory = gateway.WithWebHostBuilder(web => web.ConfigureTestServices(services =>
        {
            services.AddSingleton(probe);
            services.AddSingleton(batches);
            services.AddSingleton(new JobProbe.HostName(name));
            services.AddJobHandler<ProbeHandler, ProbePayload>(ProbeHandler.Kind);
            services.AddJobBatchHandler<BatchProbeHandler, BatchProbePayload>(BatchProbeHandler.Kind, MaxBatch);
        }));
        _ = factory.Services; // starts the host, its worker included
        return new JobsHost(gateway, factory, name, batches);
    }

    /// <summary>Runs <paramref name="work"/> in a fresh unit of work for <paramref name="orgId"/> (system context when null).</summary>
    public async Task<T> InScopeAsync<T>(Guid? orgId, Func<IServiceProvider, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        if (orgId is { } org)
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(org);
        }

        return await work(scope.ServiceProvider);
    }

    public Task<Job?> FindJobAsync(Guid? orgId, Guid id)
        => InScopeAsync(orgId, sp => sp.GetRequiredService<AppDbContext>().Set<Job>().AsNoTracking().SingleOrDefaultAsync(j => j.Id == id));

    /// <summary>Waits until the job is in <paramref name="state"/> and returns it.</summary>
    public async Task<Job> WaitForStateAsync(Guid? orgId, Guid id, JobState state)
    {
        Job? job = null;
        await Eventually.TrueAsync(async () => (job = await FindJobAsync(orgId, id))?.State == state, $"job {id} to be {state}");
        return job!;
    }

    public Task<Guid> EnqueueAsync(Guid? orgId, ProbePayload payload, int? maxAttempts = null, string? dedupeKey = null)
        => InScopeAsync(orgId, async sp =>
            await sp.GetRequiredService<IJobQueue>().EnqueueAsync(ProbeHandler.Kind, payload, maxAttempts: maxAttempts, dedupeKey: dedupeKey)
            ?? throw new InvalidOperationException("Deduplicated unexpectedly."));

    /// <summary>An organization with an API key of <paramref name="role"/> and a client that sends it.</summary>
    public async Task<(Guid OrgId, HttpClient Client)> CreateOrganizationAsync(OrgRole role = OrgRole.Admin)
    {
        var (orgId, secret) = await InScopeAsync(null, async sp =>
        {
            var organizations = sp.GetRequiredService<OrganizationService>();
            var org = await organizations.CreateOrganizationAsync("Jobs " + Guid.NewGuid().ToString("N")[..6], CancellationToken.None);
            var (_, key) = await organizations.CreateApiKeyAsync("test", role, null, CancellationToken.None);
            return (org.Id, key);
        });

        var client = Factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        return (orgId, client);
    }

    public ValueTask DisposeAsync() => gateway.DisposeAsync();
}

internal static class Eventually
{
    /// <summary>Polls <paramref name="condition"/> until it holds; fails after a generous minute (no timing is asserted).</summary>
    public static async Task TrueAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting for {what}.");
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }
}
