using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// Group commit for accepted messages on SQLite (one writer, one fsync per commit with <c>synchronous=FULL</c>, so a
/// transaction per accept caps the API at the disk's fsync rate). Each accept hands over its unit of work — the
/// message, its send job, and the contact and conversation it created or touched — and waits; whichever accept finds
/// no writer running commits everything queued so far in ONE transaction, and repeats until the queue is empty. An
/// accept returns only after the commit holding its rows, so a message and its job are still committed together and
/// before the 202. A failing batch is retried row group by row group, so one bad accept (e.g. a unique-index race)
/// fails alone, with the same exception its own <c>SaveChanges</c> would have thrown. No timer: a lone accept commits
/// at once. Same pattern as the webhook inbox's committer.
/// </summary>
internal sealed class SqliteAcceptCommitter(IServiceScopeFactory scopes, JobSignal signal, ILogger<SqliteAcceptCommitter> logger)
{
    /// <summary>Bounds one transaction (and so the latency of the accepts in it).</summary>
    private const int MaxBatch = 128;

    private readonly ConcurrentQueue<Pending> queue = new();
    private int writing;

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

        var pending = new Pending(changes, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref writing, 1, 0) == 0)
        {
            _ = Task.Run(WriteAllAsync, CancellationToken.None);
        }

        // Not cancellable: once queued the rows may be committed, and the caller must know whether they were.
        await pending.Done.Task;
        source.ChangeTracker.AcceptAllChanges();
    }

    private static string[] ModifiedNames(EntityEntry entry)
        => entry.Properties.Where(p => p.IsModified).Select(p => p.Metadata.Name).ToArray();

    private async Task WriteAllAsync()
    {
        var batch = new List<Pending>(MaxBatch);
        while (true)
        {
            while (batch.Count < MaxBatch && queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref writing, 0);

                // An accept may have queued after the last look but before the flag was cleared: it did not start a writer.
                if (queue.IsEmpty || Interlocked.CompareExchange(ref writing, 1, 0) != 0)
                {
                    return;
                }

                continue;
            }

            await WriteAsync(batch);
            batch.Clear();
        }
    }

    private async Task WriteAsync(List<Pending> batch)
    {
        try
        {
            await CommitAsync(batch);
            signal.Notify();
            foreach (var pending in batch)
            {
                pending.Done.TrySetResult();
            }
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            // One bad accept must not fail its neighbours: commit them one by one (each then succeeds or fails alone).
            MessagingLog.AcceptBatchFailed(logger, exception, batch.Count);
            foreach (var pending in batch)
            {
                await WriteAsync([pending]);
            }
        }
        catch (Exception exception)
        {
            batch[0].Done.TrySetException(exception);
        }
    }

    private async Task CommitAsync(List<Pending> batch)
    {
        // A fresh unit of work per attempt: a failed SaveChanges leaves its context in no state to try again.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        foreach (var change in batch.SelectMany(p => p.Changes))
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

    private sealed record Change(object Entity, EntityState State, string[] Modified);

    private sealed record Pending(List<Change> Changes, TaskCompletionSource Done);
}
