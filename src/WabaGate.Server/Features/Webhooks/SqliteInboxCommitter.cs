using System.Collections.Concurrent;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// Group commit for the SQLite inbox. SQLite has one writer and, with <c>synchronous=FULL</c>, one fsync per commit,
/// so a transaction per delivery caps ingestion at the disk's fsync rate however many requests wait. Instead each
/// request queues its rows here and awaits them; whichever request finds no writer running becomes the writer and
/// commits everything queued so far in one transaction, repeating until the queue is empty. Every request still
/// answers only after the commit that holds its rows returned, so nothing is acknowledged before it is durable; under
/// load a batch simply holds everything that arrived during the previous commit. There is no timer and no added
/// wait: a lone request is committed at once.
/// </summary>
internal sealed class SqliteInboxCommitter(IServiceScopeFactory scopes, JobSignal signal, ILogger<SqliteInboxCommitter> logger)
{
    /// <summary>Bounds one transaction (and so the latency of the requests in it).</summary>
    private const int MaxBatch = 256;

    private readonly ConcurrentQueue<Pending> queue = new();
    private int writing;

    /// <summary>Returns once the rows are committed: <see langword="true"/> if the delivery was new, <see langword="false"/> for a duplicate.</summary>
    public Task<bool> InsertAsync(WebhookDelivery delivery, Job? job, CancellationToken cancellationToken)
    {
        var pending = new Pending(delivery, job, new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously));
        queue.Enqueue(pending);
        if (Interlocked.CompareExchange(ref writing, 1, 0) == 0)
        {
            _ = Task.Run(WriteAllAsync, CancellationToken.None);
        }

        // A caller that goes away does not take its rows out of a batch: they may still be committed (a later redelivery is then a duplicate).
        return pending.Done.Task.WaitAsync(cancellationToken);
    }

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

                // A request may have queued after the last look but before the flag was cleared: it found a writer and did not start one.
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
            var stored = await CommitAsync(batch);
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(stored[i]);
            }
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            // One bad row must not fail its neighbours: write them one by one (each then succeeds or fails alone).
            WebhookLog.BatchFailed(logger, exception, batch.Count);
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

    private async Task<bool[]> CommitAsync(List<Pending> batch)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var stored = new bool[batch.Count];
        await using (var transaction = await db.Database.BeginTransactionAsync())
        {
            for (var i = 0; i < batch.Count; i++)
            {
                stored[i] = await WebhookInboxSql.InsertAsync(db, batch[i].Delivery, batch[i].Job, CancellationToken.None);
            }

            await transaction.CommitAsync();
        }

        if (batch.Where((p, i) => stored[i] && p.Job is not null).Any())
        {
            signal.Notify();
        }

        return stored;
    }

    private sealed record Pending(WebhookDelivery Delivery, Job? Job, TaskCompletionSource<bool> Done);
}
