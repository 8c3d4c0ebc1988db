using System.Collections.Concurrent;

namespace WabaGate.Server.Data;

/// <summary>
/// Group commit: many concurrent callers, one writer, one transaction (and so one fsync or one round trip) per batch.
/// Each caller queues its item and awaits it; whichever caller finds no writer running starts one, which commits
/// everything queued so far through <c>commit</c> and repeats until the queue is empty. A caller's task completes
/// only after the commit holding its item returned, so nothing is acknowledged before it is durable. There is no
/// timer and no added wait: a lone item is committed at once, and under load a batch simply holds what arrived during
/// the previous commit (at most <c>maxBatch</c>, which bounds one transaction and the latency of the callers in it).
/// <para>
/// If a batch fails, its items are committed again one by one, so one bad item (e.g. a unique-index race) fails only
/// its own caller, with the exception its own commit threw. The queue holds at most the callers waiting on it (each
/// awaits its item), so it is bounded by the requests in flight.
/// </para>
/// </summary>
/// <param name="name">What the queue commits, for the log.</param>
/// <param name="maxBatch">Most items per transaction.</param>
/// <param name="commit">Writes one batch in one transaction and returns one result per item, in order.</param>
/// <param name="logger">Where a failed batch is reported.</param>
internal sealed class GroupCommitQueue<TItem, TResult>(
    string name, int maxBatch, Func<IReadOnlyList<TItem>, Task<TResult[]>> commit, ILogger logger)
{
    private readonly ConcurrentQueue<(TItem Item, TaskCompletionSource<TResult> Done)> queue = new();
    private int writing;

    /// <summary>
    /// Completes once the item is committed (or its commit failed). Not cancellable on purpose: once queued the item
    /// may be committed, so a caller that stops waiting (<c>WaitAsync</c>) must not assume it was not.
    /// </summary>
    public Task<TResult> CommitAsync(TItem item)
    {
        var done = new TaskCompletionSource<TResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Enqueue((item, done));
        if (Interlocked.CompareExchange(ref writing, 1, 0) == 0)
        {
            _ = Task.Run(WriteAllAsync, CancellationToken.None);
        }

        return done.Task;
    }

    private async Task WriteAllAsync()
    {
        var batch = new List<(TItem Item, TaskCompletionSource<TResult> Done)>(maxBatch);
        while (true)
        {
            while (batch.Count < maxBatch && queue.TryDequeue(out var next))
            {
                batch.Add(next);
            }

            if (batch.Count == 0)
            {
                Volatile.Write(ref writing, 0);

                // A caller may have queued after the last look but before the flag was cleared: it found a writer and did not start one.
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

    private async Task WriteAsync(List<(TItem Item, TaskCompletionSource<TResult> Done)> batch)
    {
        try
        {
            var results = await commit(batch.ConvertAll(p => p.Item));
            for (var i = 0; i < batch.Count; i++)
            {
                batch[i].Done.TrySetResult(results[i]);
            }
        }
        catch (Exception exception) when (batch.Count > 1)
        {
            GroupCommitLog.BatchFailed(logger, exception, batch.Count, name);
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
}

internal static partial class GroupCommitLog
{
    [LoggerMessage(EventId = 1102, Level = LogLevel.Warning, Message = "A group commit of {Count} {Name} failed; committing them one by one")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count, string name);
}
