using Microsoft.Extensions.Options;
using Npgsql;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Configurations;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// The inbox's insert: the delivery and, only if the delivery is new, its processing job. The body hash's unique
/// index decides what is new (<c>ON CONFLICT DO NOTHING</c>), so a redelivery costs neither a look-up before the
/// insert nor an exception after it. This is the PostgreSQL form: one round trip holding the organization for
/// row-level security (<c>set_config(…, true)</c>, local to the batch's implicit transaction, so it cannot outlive the
/// statement) and one statement writing both rows. SQLite's rows go through <see cref="SqliteInboxCommitter"/>.
/// It uses its own Npgsql data source (a pool of the application role's connections) rather than a DbContext: building
/// and initialising a unit of work per delivery cost more CPU than the insert itself.
/// </summary>
internal sealed class PostgresInboxWriter(IOptions<DatabaseOptions> options) : IDisposable
{
    private readonly Lazy<NpgsqlDataSource> dataSource = new(() => NpgsqlDataSource.Create(new NpgsqlConnectionStringBuilder(options.Value.PostgresConnectionString)
    {
        // The same two statements run for every delivery: prepared once per connection, PostgreSQL skips parsing and planning them.
        MaxAutoPrepare = 8,
        AutoPrepareMinUsages = 2,

        // Nothing here sets session state (the organization is set transaction-locally), so a connection needs no reset
        // when it goes back to the pool.
        NoResetOnClose = true,
    }.ConnectionString));

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

    /// <summary>Returns whether the delivery was new (and so stored, with its job when it has one).</summary>
    public async Task<bool> InsertAsync(WebhookDelivery d, Job? job, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.Value.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection);
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
        await batch.ExecuteNonQueryAsync(cancellationToken);
        return insert.RecordsAffected == 1;
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
}
