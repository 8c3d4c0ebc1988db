namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>
/// What a handler says about its attempt. Throwing an exception means a transient failure: the job is retried
/// with exponential backoff until it runs out of attempts, then dead-lettered.
/// </summary>
internal abstract record JobResult
{
    private JobResult()
    {
    }

    /// <summary>Done; the job is marked succeeded (together with the unit of work's unsaved changes).</summary>
    public static JobResult Success { get; } = new Succeeded();

    /// <summary>Not now (e.g. a rate limit): run again at <paramref name="at"/>; this attempt does not count as a failure.</summary>
    public static JobResult RetryAt(DateTimeOffset at) => new Rescheduled(at);

    /// <summary>Cannot ever succeed (e.g. the message was rejected for good): dead-letter now with <paramref name="reason"/>.</summary>
    /// <param name="reason">Short and free of secrets and personal data; shown to the organization's admins.</param>
    public static JobResult Fail(string reason) => new Failed(reason);

    internal sealed record Succeeded : JobResult;

    internal sealed record Rescheduled(DateTimeOffset At) : JobResult;

    internal sealed record Failed(string Reason) : JobResult;
}

/// <summary>About the attempt a handler is running.</summary>
/// <param name="JobId">The job's id (stable across attempts; a natural idempotency key).</param>
/// <param name="OrgId">The job's organization, already set on the scope's <c>TenantContext</c>; <see langword="null"/> for system jobs.</param>
/// <param name="Kind">The job's kind.</param>
/// <param name="Attempt">1 for the first attempt.</param>
/// <param name="MaxAttempts">After this attempt fails, the job is dead-lettered.</param>
internal sealed record JobContext(Guid JobId, string Kind, Guid? OrgId, int Attempt, int MaxAttempts)
{
    public bool IsLastAttempt => Attempt >= MaxAttempts;

    /// <summary>
    /// Work to do once a succeeded job's changes are committed (e.g. notifications, or reads that must see the commit).
    /// Runs only after that commit; a failure there is logged, not retried.
    /// </summary>
    public IList<Func<Task>> AfterCommit { get; } = [];

    /// <summary>
    /// The handler's unsaved changes record an effect outside the database that has already happened (e.g. a message
    /// Meta accepted): commit them with the success even if the lease was lost meanwhile, so the job's next owner
    /// finds them instead of redoing or misjudging the effect. Default: a lost lease discards them.
    /// </summary>
    public bool KeepChangesIfLeaseLost { get; set; }
}

/// <summary>
/// Runs jobs of one kind. Resolved from the job's own DI scope, whose <c>TenantContext</c> is the job's
/// organization. Delivery is at least once (a job whose worker dies mid-way runs again), so handlers must be
/// idempotent — the job id is a good idempotency key.
/// </summary>
internal interface IJobHandler<in TPayload>
{
    Task<JobResult> HandleAsync(TPayload payload, JobContext context, CancellationToken cancellationToken);
}
