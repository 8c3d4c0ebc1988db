using Microsoft.Extensions.Options;
using Npgsql;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Configurations;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// The inbox's insert: the delivery and, only if the delivery is new, its processing job. The body hash's unique
/// index decides what is new (<c>ON CONFLICT DO NOTHING</c>), so a redelivery costs neither a look-up before the
/// insert nor an exception after it. This is the PostgreSQL form, a group commit (<see cref="GroupCommitQueue{TItem, TResult}"/>
/// like SQLite's <see cref="SqliteInboxCommitter"/>): the deliveries that arrive while one batch is out go as the next,
/// one round trip and one transaction (and, with <c>synchronous_commit</c> on, one WAL flush) for all of them. Each
/// delivery's statement is preceded by its organization for row-level security (<c>set_config(…, true)</c>, local to
/// the transaction, so it cannot outlive the batch), and one statement writes both its rows.
/// It uses its own Npgsql data source (one connection of the application role) rather than a DbContext: building
/// and initialising a unit of work per delivery cost more CPU than the insert itself.
/// </summary>
internal sealed class PostgresInboxWriter : IDisposable
{
    /// <summary>Bounds one transaction (and so the latency of the requests in it).</summary>
    private const int MaxBatch = 256;

    private readonly Lazy<NpgsqlDataSource> dataSource;
    private readonly GroupCommitQueue<Pending, bool> queue;

    public PostgresInboxWriter(IOptions<DatabaseOptions> options, ILogger<PostgresInboxWriter> logger)
    {
        dataSource = new(() => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(options.Value.PostgresConnectionString)
        {
            // The same few statements run for every delivery: prepared once per connection, PostgreSQL skips parsing and planning them.
            MaxAutoPrepare = 8,
            AutoPrepareMinUsages = 2,

            // The queue has one writer at a time.
            MaxPoolSize = 1,

            // Nothing here sets session state (the organization is set transaction-locally), so a connection needs no reset
            // when it goes back to the pool.
            NoResetOnClose = true,
        }.ConnectionString));
        queue = new GroupCommitQueue<Pending, bool>("webhook deliveries", MaxBatch, CommitAsync, logger);
    }

    private const string InsertDelivery = """
        INSERT INTO webhook_deliveries (id, org_id, connection_id, received_at, source, fields, state, attempts, error, payload_cipher, sealed_by, entry_ids, body_sha256)
        VALUES ($1, $2, $3, $4, $5, $6, $7, 0, $8, $9, $10, $11, $12)
        ON CONFLICT DO NOTHING
        """;

    private const string InsertDeliveryAndJob = $"""
        WITH delivery AS (
          {InsertDelivery}
          RETURNING id)
        INSERT INTO jobs (id, org_id, kind, payload, state, attempts, max_attempts, run_at, dedupe_key, created_at, updated_at)
        SELECT $13, $20, $14, $15, '{JobStates.Pending}', 0, $16, $17, $18, $19, $19
          FROM delivery
        """;

    /// <summary>Returns once the rows are committed: <see langword="true"/> if the delivery was new, <see langword="false"/> for a duplicate.</summary>
    public Task<bool> InsertAsync(WebhookDelivery delivery, Job? job, CancellationToken cancellationToken)
        // A caller that goes away does not take its rows out of a batch: they may still be committed (a later redelivery is then a duplicate).
        => queue.CommitAsync(new Pending(delivery, job)).WaitAsync(cancellationToken);

    private async Task<bool[]> CommitAsync(IReadOnlyList<Pending> pending)
    {
        // Without BEGIN and COMMIT: PostgreSQL runs the statements of one batch as one implicit transaction, all or none.
        await using var batch = dataSource.Value.CreateBatch();
        var inserts = pending.Select(p => Add(batch, p.Delivery, p.Job)).ToList();
        await batch.ExecuteNonQueryAsync();
        return inserts.ConvertAll(insert => insert.RecordsAffected == 1).ToArray();
    }

    private static NpgsqlBatchCommand Add(NpgsqlBatch batch, WebhookDelivery d, Job? job)
    {
        var tenant = new NpgsqlBatchCommand("SELECT set_config('app.org_id', $1, true)");
        tenant.Parameters.Add(new NpgsqlParameter<string> { TypedValue = d.OrgId?.ToString("D") ?? string.Empty });
        batch.BatchCommands.Add(tenant);

        var insert = new NpgsqlBatchCommand(job is null ? InsertDelivery : InsertDeliveryAndJob);
        var p = insert.Parameters;
        p.Add(new NpgsqlParameter<Guid> { TypedValue = d.Id });
        p.Add(Nullable(d.OrgId));
        p.Add(Nullable(d.ConnectionId));
        p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = d.ReceivedAt });
        p.Add(new NpgsqlParameter<string> { TypedValue = d.Source.ToString().ToLowerInvariant() });
        p.Add(new NpgsqlParameter<string> { TypedValue = d.Fields });
        p.Add(new NpgsqlParameter<string> { TypedValue = d.State.ToString().ToLowerInvariant() });
        p.Add(Nullable(d.Error));
        p.Add(Nullable(d.PayloadCipher));
        p.Add(Nullable(d.SealedBy));
        p.Add(Nullable(d.EntryIds));
        p.Add(new NpgsqlParameter<byte[]> { TypedValue = d.BodySha256 });
        if (job is not null)
        {
            p.Add(new NpgsqlParameter<Guid> { TypedValue = job.Id });
            p.Add(new NpgsqlParameter<string> { TypedValue = job.Kind });
            p.Add(new NpgsqlParameter<string> { TypedValue = job.Payload });
            p.Add(new NpgsqlParameter<int> { TypedValue = job.MaxAttempts });
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = job.RunAt });
            p.Add(Nullable(job.DedupeKey));
            p.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = job.CreatedAt });
            p.Add(Nullable(job.OrgId));
        }

        batch.BatchCommands.Add(insert);
        return insert;
    }

    public void Dispose()
    {
        if (dataSource.IsValueCreated)
        {
            dataSource.Value.Dispose();
        }
    }

    private static NpgsqlParameter Nullable<T>(T? value)
        where T : class
        => value is null ? new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = typeof(T) == typeof(byte[]) ? NpgsqlTypes.NpgsqlDbType.Bytea : NpgsqlTypes.NpgsqlDbType.Text } : new NpgsqlParameter<T> { TypedValue = value };

    private static NpgsqlParameter Nullable(Guid? value)
        => value is { } id ? new NpgsqlParameter<Guid> { TypedValue = id } : new NpgsqlParameter { Value = DBNull.Value, NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Uuid };

    private sealed record Pending(WebhookDelivery Delivery, Job? Job);
}
