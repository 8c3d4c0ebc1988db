using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// Group commit for the SQLite inbox (<see cref="GroupCommitQueue{TItem, TResult}"/>). SQLite has one writer and, with
/// <c>synchronous=FULL</c>, one fsync per commit, so a transaction per delivery would cap ingestion at the disk's
/// fsync rate however many requests wait; here every delivery queued during one commit shares the next.
/// <para>
/// The writer keeps one connection of its own open, with its two statements prepared, for as long as it works without
/// error (a failure closes it; the next batch opens a new one): no DbContext, pool checkout or statement compilation
/// per batch. It goes through <see cref="SqliteWriteGate"/> ahead of webhook processing's batches.
/// </para>
/// </summary>
internal sealed class SqliteInboxCommitter : IDisposable
{
    /// <summary>Bounds one transaction (and so the latency of the requests in it).</summary>
    private const int MaxBatch = 256;

    private readonly IOptions<DatabaseOptions> options;
    private readonly SqliteWriteGate gate;
    private readonly JobSignal signal;
    private readonly GroupCommitQueue<Pending, bool> queue;

    /// <summary>Only the queue's one running writer touches this.</summary>
    private Writer? writer;

    public SqliteInboxCommitter(IOptions<DatabaseOptions> options, SqliteWriteGate gate, JobSignal signal, ILogger<SqliteInboxCommitter> logger)
    {
        (this.options, this.gate, this.signal) = (options, gate, signal);
        queue = new GroupCommitQueue<Pending, bool>("webhook deliveries", MaxBatch, batch => Task.FromResult(Commit(batch)), logger);
    }

    /// <summary>Returns once the rows are committed: <see langword="true"/> if the delivery was new, <see langword="false"/> for a duplicate.</summary>
    public Task<bool> InsertAsync(WebhookDelivery delivery, Job? job, CancellationToken cancellationToken)
        // A caller that goes away does not take its rows out of a batch: they may still be committed (a later redelivery is then a duplicate).
        => queue.CommitAsync(new Pending(delivery, job)).WaitAsync(cancellationToken);

    private bool[] Commit(IReadOnlyList<Pending> batch)
    {
        writer ??= Writer.Open(options.Value);
        bool[] stored;
        gate.EnterUrgent();
        try
        {
            stored = writer.Commit(batch);
        }
        catch
        {
            writer.Dispose();
            writer = null;
            throw;
        }
        finally
        {
            gate.Exit();
        }

        if (batch.Where((p, i) => stored[i] && p.Job is not null).Any())
        {
            signal.Notify();
        }

        return stored;
    }

    public void Dispose() => writer?.Dispose();

    private static SqliteCommand Command(SqliteConnection connection, string sql)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        return command;
    }

    private static void Bind(SqliteCommand command, params ReadOnlySpan<(string Name, object? Value)> values)
    {
        foreach (var (name, value) in values)
        {
            if (command.Parameters.Contains(name))
            {
                command.Parameters[name].Value = value ?? DBNull.Value;
            }
            else
            {
                command.Parameters.AddWithValue(name, value ?? DBNull.Value);
            }
        }
    }

    /// <summary>Ids as EF's SQLite mapping stores them: upper-case text.</summary>
    private static string? Text(Guid? id) => id?.ToString("D").ToUpperInvariant();

    private sealed record Pending(WebhookDelivery Delivery, Job? Job);

    /// <summary>The writer's connection and its two prepared statements.</summary>
    private sealed class Writer(SqliteConnection connection, SqliteCommand delivery, SqliteCommand job) : IDisposable
    {
        public static Writer Open(DatabaseOptions options)
        {
            var connection = SqliteBusyTimeoutInterceptor.OpenPrepared(options);
            try
            {
                var delivery = Command(connection, """
                    INSERT INTO webhook_deliveries (id, org_id, connection_id, received_at, source, fields, state, attempts, error, payload_cipher, sealed_by, entry_ids, body_sha256)
                    VALUES ($id, $org_id, $connection_id, $received_at, $source, $fields, $state, 0, $error, $payload_cipher, $sealed_by, $entry_ids, $body_sha256)
                    ON CONFLICT DO NOTHING
                    """);
                var job = Command(connection, """
                    INSERT INTO jobs (id, org_id, kind, payload, state, attempts, max_attempts, run_at, dedupe_key, created_at, updated_at)
                    VALUES ($id, $org_id, $kind, $payload, 'pending', 0, $max_attempts, $run_at, $dedupe_key, $created_at, $created_at)
                    """);
                return new Writer(connection, delivery, job);
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }

        public bool[] Commit(IReadOnlyList<Pending> batch)
        {
            using var transaction = connection.BeginTransaction();
            delivery.Transaction = transaction;
            job.Transaction = transaction;
            var stored = new bool[batch.Count];
            for (var i = 0; i < batch.Count; i++)
            {
                var (d, j) = (batch[i].Delivery, batch[i].Job);
                Bind(delivery, ("$id", Text(d.Id)), ("$org_id", Text(d.OrgId)), ("$connection_id", Text(d.ConnectionId)), ("$received_at", d.ReceivedAt.UtcTicks),
                    ("$source", d.Source.ToString().ToLowerInvariant()), ("$fields", d.Fields), ("$state", d.State.ToString().ToLowerInvariant()),
                    ("$error", d.Error), ("$payload_cipher", d.PayloadCipher), ("$sealed_by", d.SealedBy), ("$entry_ids", d.EntryIds),
                    ("$body_sha256", d.BodySha256));
                stored[i] = delivery.ExecuteNonQuery() == 1;
                if (stored[i] && j is not null)
                {
                    Bind(job, ("$id", Text(j.Id)), ("$org_id", Text(j.OrgId)), ("$kind", j.Kind), ("$payload", j.Payload), ("$max_attempts", j.MaxAttempts),
                        ("$run_at", j.RunAt.UtcTicks), ("$dedupe_key", j.DedupeKey), ("$created_at", j.CreatedAt.UtcTicks));
                    job.ExecuteNonQuery();
                }
            }

            transaction.Commit();
            return stored;
        }

        public void Dispose()
        {
            delivery.Dispose();
            job.Dispose();
            connection.Dispose();
        }
    }
}
