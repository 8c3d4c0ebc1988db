using System.ComponentModel.DataAnnotations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>How long processed deliveries are kept (<c>Webhooks</c> section).</summary>
internal sealed class WebhookRetentionOptions
{
    public const string Section = "Webhooks";

    /// <summary>A processed delivery's encrypted body is deleted after this; the row (state, outcome) stays for the inspector.</summary>
    [Range(typeof(TimeSpan), "1.00:00:00", "3650.00:00:00")]
    public TimeSpan PayloadRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>A processed delivery's row is deleted after this. Meta redelivers for up to 7 days, so keep it longer than that.</summary>
    [Range(typeof(TimeSpan), "8.00:00:00", "3650.00:00:00")]
    public TimeSpan DeliveryRetention { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How often each node runs the purge (idempotent; several nodes may run it).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RetentionInterval { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Keeps <c>webhook_deliveries</c> from growing without bound: every <c>Webhooks:RetentionInterval</c> the bodies of
/// processed deliveries older than <c>Webhooks:PayloadRetention</c> are deleted (the body hash stays, so a late
/// redelivery is still recognised), then processed rows older than <c>Webhooks:DeliveryRetention</c>. Failed, dead,
/// pending and unroutable deliveries are never purged: they wait for a replay or an operator. Works in batches so no
/// statement holds many locks; ids are time-ordered (UUIDv7), so "older than" is a range of the primary key.
/// </summary>
internal sealed class WebhookRetention(
    IServiceScopeFactory scopes, TimeProvider clock, IOptions<WebhookRetentionOptions> options, ILogger<WebhookRetention> logger)
    : BackgroundService
{
    private const int BatchSize = 1000;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
        => PeriodicWork.RunAsync(options.Value.RetentionInterval, clock, roundAtStart: true, RunOnceAsync, e => WebhookLog.RetentionFailed(logger, e), stoppingToken);

    /// <summary>One purge; returns how many bodies and rows were deleted.</summary>
    public async Task<(int Payloads, int Rows)> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var payloads = await RepeatAsync((store, ct) => store.StripPayloadsAsync(Boundary(now - options.Value.PayloadRetention), BatchSize, ct), cancellationToken);
        var rows = await RepeatAsync((store, ct) => store.DeleteRowsAsync(Boundary(now - options.Value.DeliveryRetention), BatchSize, ct), cancellationToken);
        if (payloads + rows > 0)
        {
            WebhookLog.RetentionPurged(logger, payloads, rows);
        }

        return (payloads, rows);
    }

    /// <summary>The smallest UUIDv7 of <paramref name="at"/>: every delivery received before it has a smaller id.</summary>
    internal static Guid Boundary(DateTimeOffset at)
    {
        Span<byte> bytes = stackalloc byte[16];
        var ms = at.ToUnixTimeMilliseconds();
        for (var i = 0; i < 6; i++)
        {
            bytes[i] = (byte)(ms >> (8 * (5 - i)));
        }

        bytes[6] = 0x70; // version 7, no random bits
        return new Guid(bytes, bigEndian: true);
    }

    private async Task<int> RepeatAsync(Func<WebhookRetentionStore, CancellationToken, Task<int>> step, CancellationToken cancellationToken)
    {
        var total = 0;
        int done;
        do
        {
            await using var scope = scopes.CreateAsyncScope();
            done = await step(new WebhookRetentionStore(scope.ServiceProvider.GetRequiredService<AppDbContext>()), cancellationToken);
            total += done;
        }
        while (done == BatchSize && !cancellationToken.IsCancellationRequested);

        return total;
    }
}

/// <summary>
/// The retention's cross-organization statements, kept to these two. On PostgreSQL each is a reviewed SECURITY DEFINER
/// function (migration <c>WebhookRetention</c>), so row-level security stays on for the application role; on SQLite
/// (one node) the same statements run directly. Both touch processed deliveries only.
/// </summary>
internal sealed class WebhookRetentionStore(AppDbContext db)
{
    public async Task<int> StripPayloadsAsync(Guid before, int limit, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return await db.Database.SqlQuery<int>($"SELECT strip_webhook_payloads({before}, {limit}) AS \"Value\"").SingleAsync(cancellationToken);
        }

        return await db.Database.ExecuteSqlAsync($"""
            UPDATE webhook_deliveries SET payload_cipher = NULL WHERE id IN (
              SELECT id FROM webhook_deliveries WHERE state = 'processed' AND payload_cipher IS NOT NULL AND id < {Text(before)} ORDER BY id LIMIT {limit})
            """, cancellationToken);
    }

    public async Task<int> DeleteRowsAsync(Guid before, int limit, CancellationToken cancellationToken)
    {
        if (db.IsPostgres)
        {
            return await db.Database.SqlQuery<int>($"SELECT purge_webhook_deliveries({before}, {limit}) AS \"Value\"").SingleAsync(cancellationToken);
        }

        return await db.Database.ExecuteSqlAsync($"""
            DELETE FROM webhook_deliveries WHERE id IN (
              SELECT id FROM webhook_deliveries WHERE state = 'processed' AND id < {Text(before)} ORDER BY id LIMIT {limit})
            """, cancellationToken);
    }

    /// <summary>Ids as EF's SQLite mapping stores them (upper-case text, which sorts like the UUID's bytes).</summary>
    private static string Text(Guid id) => id.ToString("D").ToUpperInvariant();
}
