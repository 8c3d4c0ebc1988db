using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// The accept group commit on SQLite (<see cref="IAcceptCommitter"/>): one writer, and one fsync per commit with
/// <c>synchronous=FULL</c>, so a transaction per accept would cap the API at the disk's fsync rate.
/// The writer keeps one connection of its own open, with its statements prepared (<see cref="SqliteModelWriter"/>),
/// for as long as it works without error (a failure closes it; the next batch opens a new one).
/// </summary>
internal sealed class SqliteAcceptCommitter : IAcceptCommitter, IDisposable
{
    /// <summary>Bounds one transaction (and so the latency of the accepts in it).</summary>
    private const int MaxBatch = 128;

    private readonly IOptions<DatabaseOptions> options;
    private readonly JobSignal signal;
    private readonly GroupCommitQueue<Unit, bool> queue;

    /// <summary>Only the queue's one running writer touches this.</summary>
    private SqliteModelWriter? writer;

    public SqliteAcceptCommitter(IOptions<DatabaseOptions> options, JobSignal signal, ILogger<SqliteAcceptCommitter> logger)
    {
        (this.options, this.signal) = (options, signal);
        queue = new GroupCommitQueue<Unit, bool>("accepted messages", MaxBatch, batch => Task.FromResult(Commit(batch)), logger);
    }

    public async Task SaveAsync(AppDbContext source)
    {
        var changes = TrackedChange.Pending(source);
        if (changes.Count == 0)
        {
            return;
        }

        await queue.CommitAsync(new Unit(source.Model, changes));
        source.ChangeTracker.AcceptAllChanges();
    }

    public void Dispose() => writer?.Dispose();

    private bool[] Commit(IReadOnlyList<Unit> batch)
    {
        writer ??= new SqliteModelWriter(batch[0].Model, SqliteBusyTimeoutInterceptor.OpenPrepared(options.Value));
        try
        {
            using var transaction = writer.BeginTransaction();
            foreach (var change in batch.SelectMany(unit => unit.Changes))
            {
                writer.Write(change, transaction);
            }

            transaction.Commit();
        }
        catch (Exception exception)
        {
            writer.Dispose();
            writer = null;
            if (exception is SqliteException)
            {
                // As SaveChanges reports it, so that callers tell a unique-index race (DbErrors) from other failures.
                throw new DbUpdateException("An error occurred while saving the accepted messages.", exception);
            }

            throw;
        }

        signal.Notify();
        return new bool[batch.Count];
    }

    /// <summary>One accept's unit of work.</summary>
    private sealed record Unit(IModel Model, List<TrackedChange> Changes);
}
