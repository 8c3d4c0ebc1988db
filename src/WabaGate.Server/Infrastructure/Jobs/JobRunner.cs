using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>
/// Runs one claimed job: a fresh DI scope pinned to the job's organization, the handler for its kind, then the
/// outcome recorded under that organization (row-level security applies). Every write is guarded by the claim
/// (worker + attempt), so a worker that lost its lease cannot overwrite the job's new owner.
/// </summary>
internal sealed class JobRunner(IServiceScopeFactory scopes, JobHandlerRegistry handlers, TimeProvider clock, IOptions<JobOptions> options, ILogger<JobRunner> logger)
{
    private const int MaxErrorLength = 500;

    /// <param name="job">What the claim returned.</param>
    /// <param name="worker">The claiming worker's name (its <c>locked_by</c>).</param>
    /// <param name="abort">Cancelled when the node is shutting down and the grace period is over.</param>
    public async Task RunAsync(ClaimedJob job, string worker, CancellationToken abort)
    {
        using var logScope = JobLog.Scope(logger, job);
        var claim = new JobClaim(job, worker);
        try
        {
            var outcome = await AttemptAsync(claim, abort);
            if (outcome is not null)
            {
                await RecordAsync(claim, outcome);
            }
        }
        catch (Exception exception)
        {
            // Nothing may escape a worker slot; the job's lease brings it back.
            JobLog.RecordFailed(logger, exception);
        }
    }

    /// <summary>
    /// Runs claimed jobs of one batch handler's kind and organization together (see <see cref="IJobBatchHandler{TPayload}"/>):
    /// one scope, one handler call, one commit for every job that succeeded. A batch that fails as a whole runs each
    /// job alone.
    /// </summary>
    public async Task RunBatchAsync(IReadOnlyList<ClaimedJob> jobs, string worker, CancellationToken abort)
    {
        if (jobs.Count == 1)
        {
            await RunAsync(jobs[0], worker, abort);
            return;
        }

        var claims = jobs.Select(j => new JobClaim(j, worker)).ToList();
        JobOutcome?[] outcomes;
        try
        {
            outcomes = await AttemptBatchAsync(claims, abort);
        }
        catch (Exception exception)
        {
            JobLog.BatchFailed(logger, exception, jobs.Count, jobs[0].Kind);
            foreach (var job in jobs)
            {
                await RunAsync(job, worker, abort);
            }

            return;
        }

        for (var i = 0; i < claims.Count; i++)
        {
            if (outcomes[i] is not { } outcome)
            {
                continue;
            }

            using var logScope = JobLog.Scope(logger, claims[i].Job);
            try
            {
                await RecordAsync(claims[i], outcome);
            }
            catch (Exception exception)
            {
                JobLog.RecordFailed(logger, exception);
            }
        }
    }

    /// <summary>
    /// Runs a batch; returns each job's outcome still to record (<see langword="null"/> where success was committed).
    /// Throws when the batch as a whole failed and nothing of it was kept.
    /// </summary>
    private async Task<JobOutcome?[]> AttemptBatchAsync(List<JobClaim> claims, CancellationToken abort)
    {
        var first = claims[0].Job;
        if (!handlers.TryGet(first.Kind, out var handler) || handler.InvokeBatch is null)
        {
            throw new InvalidOperationException($"No batch handler is registered for kind '{first.Kind}' on this node.");
        }

        await using var scope = scopes.CreateAsyncScope();
        if (first.OrgId is { } orgId)
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(orgId);
        }

        var outcomes = new JobOutcome?[claims.Count];
        var items = new List<(object Payload, JobContext Context)>(claims.Count);
        var positions = new List<int>(claims.Count);
        for (var i = 0; i < claims.Count; i++)
        {
            var job = claims[i].Job;
            try
            {
                items.Add((handler.Read(job.Payload), new JobContext(job.Id, job.Kind, job.OrgId, job.Attempts, job.MaxAttempts)));
                positions.Add(i);
            }
            catch (JsonException)
            {
                outcomes[i] = JobOutcome.Permanent($"The payload could not be read as {handler.PayloadType.Name}.");
            }
        }

        if (items.Count == 0)
        {
            return outcomes;
        }

        using var lease = new CancellationTokenSource(options.Value.Lease * 0.9, clock);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(abort, lease.Token);
        IReadOnlyList<JobResult> results;
        try
        {
            results = await handler.InvokeBatch(scope.ServiceProvider, items, attempt.Token);
        }
        catch (Exception exception) when (abort.IsCancellationRequested || lease.IsCancellationRequested)
        {
            // Shutting down: hand the jobs back. Out of lease: a failed attempt each (running them alone now would overlap their next owners).
            JobLog.AttemptException(logger, exception);
            var outcome = abort.IsCancellationRequested ? JobOutcome.HandBack : JobOutcome.Transient("The attempt outlived its lease and was cancelled.");
            positions.ForEach(p => outcomes[p] = outcome);
            return outcomes;
        }

        if (results.Count != items.Count)
        {
            throw new InvalidOperationException($"The batch handler for '{first.Kind}' returned {results.Count} results for {items.Count} jobs.");
        }

        var succeeded = new List<int>();
        for (var k = 0; k < results.Count; k++)
        {
            outcomes[positions[k]] = results[k] switch
            {
                JobResult.Succeeded => null,
                JobResult.Rescheduled rescheduled => JobOutcome.Later(rescheduled.At),
                JobResult.Failed failed => JobOutcome.Permanent(Cut(failed.Reason)),
                _ => throw new InvalidOperationException("Unknown job result."),
            };
            if (results[k] is JobResult.Succeeded)
            {
                succeeded.Add(k);
            }
        }

        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        if (succeeded.Count == 0)
        {
            // Nothing succeeded, so nothing of the batch's unit of work is kept (as for a single job that did not succeed).
            if (db.Database.CurrentTransaction is { } open)
            {
                await open.RollbackAsync(CancellationToken.None);
            }

            return outcomes;
        }

        var done = succeeded.Select(k => claims[positions[k]]).ToList();
        var contexts = succeeded.Select(k => items[k].Context).ToList();
        if (await CompleteAsync(db, done, contexts.Any(c => c.KeepChangesIfLeaseLost)))
        {
            JobLog.BatchDone(logger, claims.Count, first.Kind, done.Count);
            foreach (var after in contexts.SelectMany(c => c.AfterCommit))
            {
                try
                {
                    await after();
                }
                catch (Exception exception)
                {
                    JobLog.AttemptException(logger, exception);
                }
            }
        }

        return outcomes;
    }

    /// <summary>Runs the handler; returns <see langword="null"/> when success was already recorded in the handler's unit of work.</summary>
    private async Task<JobOutcome?> AttemptAsync(JobClaim claim, CancellationToken abort)
    {
        var job = claim.Job;
        await using var scope = scopes.CreateAsyncScope();
        if (job.OrgId is { } orgId)
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(orgId);
        }

        if (!handlers.TryGet(job.Kind, out var handler))
        {
            // Perhaps a newer node knows this kind (rolling upgrade): retry rather than dead-letter at once.
            return JobOutcome.Transient($"No handler is registered for kind '{job.Kind}' on this node.");
        }

        object payload;
        try
        {
            payload = handler.Read(job.Payload);
        }
        catch (JsonException)
        {
            return JobOutcome.Permanent($"The payload could not be read as {handler.PayloadType.Name}.");
        }

        // Stop the handler shortly before its lease runs out, so it does not overlap the next owner.
        using var lease = new CancellationTokenSource(options.Value.Lease * 0.9, clock);
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(abort, lease.Token);
        JobResult result;
        var context = new JobContext(job.Id, job.Kind, job.OrgId, job.Attempts, job.MaxAttempts);
        try
        {
            result = await handler.Invoke(scope.ServiceProvider, payload, context, attempt.Token);
        }
        catch (OperationCanceledException) when (abort.IsCancellationRequested)
        {
            return JobOutcome.HandBack;
        }
        catch (Exception exception)
        {
            JobLog.AttemptException(logger, exception);
            return JobOutcome.Transient(lease.IsCancellationRequested ? "The attempt outlived its lease and was cancelled." : Describe(exception));
        }

        switch (result)
        {
            case JobResult.Succeeded:
                bool committed;
                try
                {
                    committed = await CompleteAsync(scope.ServiceProvider.GetRequiredService<AppDbContext>(), [claim], context.KeepChangesIfLeaseLost);
                }
                catch (Exception exception)
                {
                    // E.g. the handler left changes that cannot be saved: a failed attempt like any other.
                    JobLog.AttemptException(logger, exception);
                    return JobOutcome.Transient(Describe(exception));
                }

                if (committed)
                {
                    foreach (var after in context.AfterCommit)
                    {
                        try
                        {
                            await after();
                        }
                        catch (Exception exception)
                        {
                            JobLog.AttemptException(logger, exception);
                        }
                    }
                }

                return null;

            case JobResult.Rescheduled rescheduled:
                return JobOutcome.Later(rescheduled.At);
            case JobResult.Failed failed:
                return JobOutcome.Permanent(Cut(failed.Reason));
            default:
                throw new InvalidOperationException("Unknown job result.");
        }
    }

    /// <summary>
    /// Commits the handler's unsaved changes (e.g. follow-up jobs) and the jobs' success in one transaction — the
    /// handler's own if it left one open — and returns whether the handler's changes were committed. Each job is
    /// marked only while its claim still holds it; if any was lost meanwhile, everything is rolled back unless the
    /// changes must be kept (<see cref="JobContext.KeepChangesIfLeaseLost"/>).
    /// </summary>
    private async Task<bool> CompleteAsync(AppDbContext db, IReadOnlyList<JobClaim> claims, bool keepChangesIfLeaseLost)
    {
        await using var transaction = db.Database.CurrentTransaction ?? await db.Database.BeginTransactionAsync();
        await db.SaveChangesAsync();
        var now = clock.GetUtcNow();
        var updated = 0;
        foreach (var attempt in claims.GroupBy(c => c.Job.Attempts))
        {
            var ids = attempt.Select(c => c.Job.Id).ToList();
            var worker = claims[0].Worker;
            updated += await db.Set<Job>()
                .Where(j => ids.Contains(j.Id) && j.State == JobState.Running && j.LockedBy == worker && j.Attempts == attempt.Key)
                .ExecuteUpdateAsync(s => s
                    .SetProperty(j => j.State, JobState.Succeeded)
                    .SetProperty(j => j.CompletedAt, now)
                    .SetProperty(j => j.UpdatedAt, now)
                    .SetProperty(j => j.LockedBy, (string?)null)
                    .SetProperty(j => j.LockedUntil, (DateTimeOffset?)null));
        }

        if (updated < claims.Count)
        {
            JobLog.LeaseLost(logger, "succeeded");
            if (!keepChangesIfLeaseLost)
            {
                await transaction.RollbackAsync();
                return false;
            }
        }

        await transaction.CommitAsync();
        foreach (var claim in claims)
        {
            JobLog.Succeeded(logger, claim.Job.Attempts);
        }

        return true;
    }

    /// <summary>Records a failure, a hand-back or a reschedule in a fresh unit of work (the handler's may be broken).</summary>
    private async Task RecordAsync(JobClaim claim, JobOutcome outcome)
    {
        var job = claim.Job;
        await using var scope = scopes.CreateAsyncScope();
        if (job.OrgId is { } orgId)
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(orgId);
        }

        var jobs = claim.Owned(scope.ServiceProvider.GetRequiredService<AppDbContext>().Set<Job>());
        var now = clock.GetUtcNow();
        var dead = outcome.Kind == JobOutcomeKind.Permanent || (outcome.Kind == JobOutcomeKind.Transient && job.Attempts >= job.MaxAttempts);
        var delay = JobBackoff.Delay(job.Attempts, options.Value.BackoffBase, options.Value.BackoffMax);
        var updated = outcome.Kind switch
        {
            _ when dead => await jobs.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Dead).SetProperty(j => j.LastError, outcome.Error)
                .SetProperty(j => j.CompletedAt, now).SetProperty(j => j.UpdatedAt, now)
                .SetProperty(j => j.LockedBy, (string?)null).SetProperty(j => j.LockedUntil, (DateTimeOffset?)null)),
            JobOutcomeKind.Transient => await jobs.ExecuteUpdateAsync(s => s
                .SetProperty(j => j.State, JobState.Pending).SetProperty(j => j.LastError, outcome.Error)
                .SetProperty(j => j.RunAt, now + delay).SetProperty(j => j.UpdatedAt, now)
                .SetProperty(j => j.LockedBy, (string?)null).SetProperty(j => j.LockedUntil, (DateTimeOffset?)null)),
            _ => await jobs.ExecuteUpdateAsync(s => s
                // "Later" and hand-backs (shutdown) give the attempt back: they are not failures.
                .SetProperty(j => j.State, JobState.Pending).SetProperty(j => j.Attempts, j => j.Attempts - 1)
                .SetProperty(j => j.RunAt, outcome.At ?? now).SetProperty(j => j.UpdatedAt, now)
                .SetProperty(j => j.LockedBy, (string?)null).SetProperty(j => j.LockedUntil, (DateTimeOffset?)null)),
        };

        if (updated == 0)
        {
            JobLog.LeaseLost(logger, outcome.Kind.ToString());
        }
        else if (dead)
        {
            JobLog.DeadLettered(logger, job.Attempts, job.MaxAttempts, outcome.Error ?? string.Empty);
        }
        else if (outcome.Kind == JobOutcomeKind.Transient)
        {
            JobLog.Retrying(logger, job.Attempts, job.MaxAttempts, outcome.Error ?? string.Empty, delay);
        }
        else
        {
            JobLog.Rescheduled(logger, outcome.At ?? now);
        }
    }

    /// <summary>Exception type and the first line of its message, cut short. Handlers should keep secrets out of messages.</summary>
    internal static string Describe(Exception exception)
    {
        var message = exception.Message.AsSpan();
        var newline = message.IndexOfAny('\r', '\n');
        return Cut($"{exception.GetType().Name}: {(newline >= 0 ? message[..newline] : message)}");
    }

    private static string Cut(string text) => text.Length <= MaxErrorLength ? text : text[..(MaxErrorLength - 1)] + "…";

    private sealed record JobClaim(ClaimedJob Job, string Worker)
    {
        /// <summary>The job, only while this claim still holds it.</summary>
        public IQueryable<Job> Owned(IQueryable<Job> jobs)
            => jobs.Where(j => j.Id == Job.Id && j.State == JobState.Running && j.LockedBy == Worker && j.Attempts == Job.Attempts);
    }
}
