using System.ComponentModel.DataAnnotations;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>The <c>Jobs</c> configuration section.</summary>
public sealed class JobOptions
{
    public const string Section = "Jobs";

    /// <summary>Jobs this node runs at once. 0 turns the worker off (an API-only node); the queue still accepts jobs.</summary>
    [Range(0, 256)]
    public int Concurrency { get; set; } = 4;

    /// <summary>How long an idle worker waits before looking again; a job enqueued on this node wakes it at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a claimed job belongs to its worker. A handler still running at the end of its lease is cancelled,
    /// and a job whose worker died is claimed again once the lease has run out.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>Attempts before a failing job is dead-lettered, unless the enqueuer says otherwise.</summary>
    [Range(1, 1000)]
    public int DefaultMaxAttempts { get; set; } = 10;

    /// <summary>The first retry delay; each further failure doubles it (with jitter) up to <see cref="BackoffMax"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(2);

    [Range(typeof(TimeSpan), "00:00:00", "7.00:00:00")]
    public TimeSpan BackoffMax { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>On shutdown, how long running jobs may take to finish before they are cancelled and handed back.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Succeeded jobs are deleted this long after they finished (their dedupe keys go with them).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "3650.00:00:00")]
    public TimeSpan SucceededRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How often retention runs and the queue statistics are refreshed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "1.00:00:00")]
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromSeconds(30);
}
