using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// Group commit for accepted messages on SQLite (<see cref="GroupCommitQueue{TItem, TResult}"/>; one writer, one fsync
/// per commit with <c>synchronous=FULL</c>, so a transaction per accept would cap the API at the disk's fsync rate).
/// Each accept hands over its unit of work — the message, its send job, and the contact and conversation it created
/// or touched — and waits for the commit that holds it, so a message and its job are still committed together and
/// before the 202. A failing batch is retried accept by accept, so one bad accept (e.g. a unique-index race) fails
/// alone, with the same exception its own <c>SaveChanges</c> would have thrown.
/// </summary>
internal sealed class SqliteAcceptCommitter
{
    /// <summary>Bounds one transaction (and so the latency of the accepts in it).</summary>
    private const int MaxBatch = 128;

    private readonly IServiceScopeFactory scopes;
    private readonly JobSignal signal;
    private readonly GroupCommitQueue<List<Change>, bool> queue;

    public SqliteAcceptCommitter(IServiceScopeFactory scopes, JobSignal signal, ILogger<SqliteAcceptCommitter> logger)
    {
        (this.scopes, this.signal) = (scopes, signal);
        queue = new GroupCommitQueue<List<Change>, bool>("accepted messages", MaxBatch, CommitAsync, logger);
    }

    /// <summary>
    /// Commits the added and modified entities tracked by <paramref name="source"/> (together with other accepts'),
    /// then marks them saved there. Throws what <c>SaveChanges</c> would have thrown for them alone.
    /// </summary>
    public async Task SaveAsync(AppDbContext source)
    {
        var changes = source.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified)
            .Select(e => new Change(e.Entity, e.State, e.State == EntityState.Modified ? ModifiedNames(e) : []))
            .ToList();
        if (changes.Count == 0)
        {
            return;
        }

        // Not cancellable: once queued the rows may be committed, and the caller must know whether they were.
        await queue.CommitAsync(changes);
        source.ChangeTracker.AcceptAllChanges();
    }

    private static string[] ModifiedNames(EntityEntry entry)
        => entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToArray();

    private async Task<bool[]> CommitAsync(IReadOnlyList<List<Change>> batch)
    {
        // A fresh unit of work per attempt: a failed SaveChanges leaves its context in no state to try again.
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
            db.ChangeTracker.AutoDetectChangesEnabled = false;
            foreach (var change in batch.SelectMany(changes => changes))
            {
                var entry = db.Entry(change.Entity);
                if (change.State == EntityState.Added)
                {
                    entry.State = EntityState.Added;
                    continue;
                }

                entry.State = EntityState.Unchanged;
                foreach (var name in change.Modified)
                {
                    entry.Property(name).IsModified = true;
                }
            }

            await db.SaveChangesAsync(CancellationToken.None);
        }

        signal.Notify();
        return new bool[batch.Count];
    }

    private sealed record Change(object Entity, EntityState State, string[] Modified);
}
