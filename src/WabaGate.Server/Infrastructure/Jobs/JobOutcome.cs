namespace WabaGate.Server.Infrastructure.Jobs;

internal enum JobOutcomeKind
{
    /// <summary>Failed; retried after a backoff unless out of attempts.</summary>
    Transient,

    /// <summary>Dead-lettered now.</summary>
    Permanent,

    /// <summary>The handler asked to run again later; the attempt is given back.</summary>
    Later,

    /// <summary>Interrupted by shutdown; pending again at once, the attempt given back.</summary>
    HandBack,
}

/// <summary>How an attempt that did not succeed ended, as the runner records it.</summary>
internal sealed record JobOutcome(JobOutcomeKind Kind, string? Error = null, DateTimeOffset? At = null)
{
    public static readonly JobOutcome HandBack = new(JobOutcomeKind.HandBack);

    public static JobOutcome Transient(string error) => new(JobOutcomeKind.Transient, error);

    public static JobOutcome Permanent(string error) => new(JobOutcomeKind.Permanent, error);

    public static JobOutcome Later(DateTimeOffset at) => new(JobOutcomeKind.Later, At: at);
}
