using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// Group commit for accepted messages on SQLite (<see cref="GroupCommitQueue{TItem, TResult}"/>; one writer, one fsync
/// per commit with <c>synchronous=FULL</c>, so a transaction per accept would cap the API at the disk's fsync rate).
/// Each accept hands over its unit of work — the message, its send job, and the contact and conversation it created
/// or touched — and waits for the commit that holds it, so a message and its job are still committed together and
/// before the 202. A failing batch is retried accept by accept, so one bad accept (e.g. a unique-index race) fails
/// alone, with the <see cref="DbUpdateException"/> its own <c>SaveChanges</c> would have thrown.
/// <para>
/// The writer keeps one connection of its own open, with its statements prepared (<see cref="SqliteModelWriter"/>),
/// for as long as it works without error (a failure closes it; the next batch opens a new one).
/// </para>
/// </summary>
internal sealed class SqliteAcceptCommitter : IDisposable
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

    /// <summary>
    /// Commits the added and modified entities tracked by <paramref name="source"/> (together with other accepts'),
    /// then marks them saved there. Throws what <c>SaveChanges</c> would have thrown for them alone.
    /// </summary>
    public async Task SaveAsync(AppDbContext source)
    {
        var changes = source.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => new Change(e.Entity, e.State == EntityState.Modified ? ModifiedNames(e) : null))
            .ToList();
        if (changes.Count == 0)
        {
            return;
        }

        // Not cancellable: once queued the rows may be committed, and the caller must know whether they were.
        await queue.CommitAsync(new Unit(source.Model, changes));
        source.ChangeTracker.AcceptAllChanges();
    }

    public void Dispose() => writer?.Dispose();

    private static string[] ModifiedNames(EntityEntry entry)
        => entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToArray();

    private bool[] Commit(IReadOnlyList<Unit> batch)
    {
        writer ??= Open(batch[0].Model);
        try
        {
            using var transaction = writer.BeginTransaction();
            foreach (var change in batch.SelectMany(unit => unit.Changes))
            {
                if (change.Modified is null)
                {
                    writer.Insert(change.Entity, transaction);
                }
                else
                {
                    writer.Update(change.Entity, change.Modified, transaction);
                }
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

    private SqliteModelWriter Open(IModel model) => new(model, SqliteBusyTimeoutInterceptor.OpenPrepared(options.Value));

    /// <summary>One accept's unit of work.</summary>
    private sealed record Unit(IModel Model, List<Change> Changes);

    /// <summary>An added entity (<see cref="Modified"/> null) or the names of a modified one's changed properties.</summary>
    private sealed record Change(object Entity, string[]? Modified);
}
