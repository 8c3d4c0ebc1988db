using Microsoft.Extensions.Options;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>
/// This node's worker: keeps up to <c>Jobs:Concurrency</c> jobs running. It claims only as many jobs as it has
/// free slots (so nothing queues up in memory), sleeps for <c>Jobs:PollInterval</c> when the queue is empty unless
/// a local enqueue wakes it, and on shutdown stops claiming, gives running jobs <c>Jobs:ShutdownGrace</c> to finish,
/// then cancels them (they hand themselves back; any it cannot hand back return when their lease expires).
/// </summary>
internal sealed class JobWorker(
    IServiceScopeFactory scopes, JobRunner runner, JobHandlerRegistry handlers, JobSignal signal, TimeProvider clock, IOptions<JobOptions> options, ILogger<JobWorker> logger)
    : BackgroundService
{
    private readonly CancellationTokenSource abort = new();
    private SemaphoreSlim? slots;

    /// <summary>Written into <c>locked_by</c>: unique per worker instance, readable by operators.</summary>
    public string Name { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Guid.NewGuid().ToString("N")[..8]}";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        if (settings.Concurrency == 0)
        {
            JobLog.WorkerDisabled(logger);
            return;
        }

        slots = new SemaphoreSlim(settings.Concurrency, settings.Concurrency);
        JobLog.WorkerStarted(logger, Name, settings.Concurrency);
        try
        {
            await LoopAsync(slots, settings, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }

        var abandoned = await DrainAsync(slots, settings);
        JobLog.WorkerStopped(logger, Name, abandoned);
    }

    public override void Dispose()
    {
        abort.Dispose();
        slots?.Dispose();
        base.Dispose();
    }

    private async Task LoopAsync(SemaphoreSlim free, JobOptions settings, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await free.WaitAsync(stoppingToken);
            var taken = 1;
            while (free.Wait(0, CancellationToken.None))
            {
                taken++;
            }

            IReadOnlyList<ClaimedJob> claimed;
            try
            {
                claimed = await ClaimAsync(taken, settings.Lease, stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                free.Release(taken);
                JobLog.ClaimFailed(logger, exception, settings.PollInterval);
                await Task.Delay(settings.PollInterval, clock, stoppingToken);
                continue;
            }
            catch (Exception) when (stoppingToken.IsCancellationRequested)
            {
                // Anything claimed in this moment comes back when its lease expires.
                free.Release(taken);
                return;
            }

            // Jobs of one batch handler's kind and organization claimed together run as one batch in one slot (else a
            // burst claimed by many free slots would run as many batches of one, each with its own commits).
            var runs = Group(claimed);
            if (runs.Count < taken)
            {
                free.Release(taken - runs.Count);
            }

            foreach (var run in runs)
            {
                _ = RunInSlotAsync(run, free);
            }

            if (claimed.Count == 0)
            {
                await signal.WaitAsync(settings.PollInterval, clock, stoppingToken);
            }
        }
    }

    private async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(int limit, TimeSpan lease, CancellationToken cancellationToken)
    {
        // System context: claiming crosses organizations through the reviewed store only.
        await using var scope = scopes.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<JobStore>().ClaimAsync(Name, limit, lease, cancellationToken);
    }

    /// <summary>More due jobs of a batch handler's kind and organization, claimed in that organization's scope.</summary>
    private async Task<IReadOnlyList<ClaimedJob>> ClaimSiblingsAsync(ClaimedJob job, Guid orgId, int limit)
    {
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            scope.ServiceProvider.GetRequiredService<Data.TenantContext>().Set(orgId);
            return await scope.ServiceProvider.GetRequiredService<JobStore>()
                .ClaimSiblingsAsync(Name, job.Kind, orgId, limit, options.Value.Lease, abort.Token);
        }
        catch (Exception exception)
        {
            // The job already claimed runs alone; the others stay pending for the next claim.
            JobLog.SiblingClaimFailed(logger, exception, job.Kind);
            return [];
        }
    }

    /// <summary>The claimed jobs as runs: one per job, except that a batch handler's jobs of one organization share runs of up to its batch size.</summary>
    private List<List<ClaimedJob>> Group(IReadOnlyList<ClaimedJob> claimed)
    {
        var runs = new List<List<ClaimedJob>>(claimed.Count);
        foreach (var job in claimed)
        {
            var batch = handlers.TryGet(job.Kind, out var handler) && handler.MaxBatch > 1 && job.OrgId is not null ? handler.MaxBatch : 1;
            var run = batch > 1 ? runs.Find(r => r.Count < batch && r[0].Kind == job.Kind && r[0].OrgId == job.OrgId) : null;
            if (run is null)
            {
                runs.Add([job]);
            }
            else
            {
                run.Add(job);
            }
        }

        return runs;
    }

    private async Task RunInSlotAsync(List<ClaimedJob> run, SemaphoreSlim free)
    {
        try
        {
            await Task.Yield();
            var job = run[0];
            if (handlers.TryGet(job.Kind, out var handler) && handler.MaxBatch > 1 && job.OrgId is { } orgId)
            {
                var more = run.Count < handler.MaxBatch ? await ClaimSiblingsAsync(job, orgId, handler.MaxBatch - run.Count) : [];
                await runner.RunBatchAsync([.. run, .. more], Name, abort.Token);
            }
            else
            {
                await runner.RunAsync(job, Name, abort.Token);
            }
        }
        finally
        {
            try
            {
                free.Release();
            }
            catch (ObjectDisposedException)
            {
                // A job that ignored cancellation finished after the host was gone.
            }
        }
    }

    /// <summary>Waits for running jobs (all slots free again); returns how many were still running in the end.</summary>
    private async Task<int> DrainAsync(SemaphoreSlim free, JobOptions settings)
    {
        var total = settings.Concurrency;
        var held = await TakeSlotsAsync(free, total, settings.ShutdownGrace);
        if (held < total)
        {
            await abort.CancelAsync();
            held += await TakeSlotsAsync(free, total - held, TimeSpan.FromSeconds(5));
        }

        return total - held;
    }

    private async Task<int> TakeSlotsAsync(SemaphoreSlim free, int count, TimeSpan within)
    {
        using var deadline = new CancellationTokenSource(within, clock);
        var taken = 0;
        try
        {
            for (; taken < count; taken++)
            {
                await free.WaitAsync(deadline.Token);
            }
        }
        catch (OperationCanceledException)
        {
            // Out of time.
        }

        return taken;
    }
}
