namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>The queue's log lines. Ids, kinds and short error descriptions only — never payloads.</summary>
internal static partial class JobLog
{
    private static readonly Func<ILogger, Guid, string, Guid?, IDisposable?> JobScope =
        LoggerMessage.DefineScope<Guid, string, Guid?>("Job {JobId} ({JobKind}) org {OrgId}");

    public static IDisposable? Scope(ILogger logger, ClaimedJob job) => JobScope(logger, job.Id, job.Kind, job.OrgId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker {Worker} started with {Concurrency} slot(s)")]
    public static partial void WorkerStarted(ILogger logger, string worker, int concurrency);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker is off on this node (Jobs:Concurrency = 0)")]
    public static partial void WorkerDisabled(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job worker {Worker} stopped; {Abandoned} job(s) still running were left to their leases")]
    public static partial void WorkerStopped(ILogger logger, string worker, int abandoned);

    [LoggerMessage(Level = LogLevel.Error, Message = "Claiming jobs failed; trying again in {Delay}")]
    public static partial void ClaimFailed(ILogger logger, Exception exception, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Claiming more {JobKind} jobs for a batch failed; the one claimed runs alone")]
    public static partial void SiblingClaimFailed(ILogger logger, Exception exception, string jobKind);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A batch of {Count} {JobKind} jobs failed as a whole; running each alone")]
    public static partial void BatchFailed(ILogger logger, Exception exception, int count, string jobKind);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Batch of {Count} {JobKind} jobs: {Succeeded} succeeded in one commit")]
    public static partial void BatchDone(ILogger logger, int count, string jobKind, int succeeded);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job succeeded on attempt {Attempt}")]
    public static partial void Succeeded(ILogger logger, int attempt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job attempt {Attempt} of {MaxAttempts} failed ({Error}); retrying in {Delay}")]
    public static partial void Retrying(ILogger logger, int attempt, int maxAttempts, string error, TimeSpan delay);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job dead-lettered after attempt {Attempt} of {MaxAttempts}: {Error}")]
    public static partial void DeadLettered(ILogger logger, int attempt, int maxAttempts, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Job handed back until {RunAt}")]
    public static partial void Rescheduled(ILogger logger, DateTimeOffset runAt);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job's lease was lost before its outcome ({Outcome}) was recorded; another worker owns it now")]
    public static partial void LeaseLost(ILogger logger, string outcome);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Job attempt failed with an exception")]
    public static partial void AttemptException(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Recording a job's outcome failed; its lease will expire and it will run again")]
    public static partial void RecordFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Job queue maintenance failed")]
    public static partial void MaintenanceFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted {Count} succeeded job(s) finished before {Before}")]
    public static partial void Purged(ILogger logger, int count, DateTimeOffset before);
}
