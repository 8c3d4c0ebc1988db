namespace WabaGate.Server.Data.Entities;

/// <summary>Where a job is in its life; stored as lower-case text (<c>pending</c>, <c>running</c>, …).</summary>
public enum JobState
{
    /// <summary>Waiting for <see cref="Job.RunAt"/>; also where a failed attempt goes back to.</summary>
    Pending,

    /// <summary>Claimed by a worker until <see cref="Job.LockedUntil"/>; claimable again once that lease expires.</summary>
    Running,

    Succeeded,

    /// <summary>Dead-lettered: out of attempts or failed permanently. Only a person (or API call) revives it.</summary>
    Dead,
}

/// <summary>
/// One unit of background work in the durable queue. <see cref="Payload"/> is JSON holding ids only — never
/// secrets or message bodies — because it is stored in clear. <see cref="OrgId"/> is <see langword="null"/> for
/// system jobs (e.g. routing a webhook delivery before its organization is known); such rows are visible only
/// in system context. Jobs are not <see cref="ITenantOwned"/> (the organization is optional), so queries
/// filter by organization explicitly; PostgreSQL row-level security enforces the same.
/// </summary>
public sealed class Job : ISystemOrTenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid? OrgId { get; set; }

    public required string Kind { get; set; }

    public required string Payload { get; set; }

    public JobState State { get; set; } = JobState.Pending;

    /// <summary>Attempts started so far (a claim counts one; a "retry later" hand-back gives it back).</summary>
    public int Attempts { get; set; }

    public int MaxAttempts { get; set; }

    public DateTimeOffset RunAt { get; set; }

    public string? LockedBy { get; set; }

    public DateTimeOffset? LockedUntil { get; set; }

    /// <summary>A short description of the last failure: exception type and a cut message, never payload data.</summary>
    public string? LastError { get; set; }

    /// <summary>At most one job ever carries a given key (until retention removes it): "enqueue once".</summary>
    public string? DedupeKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }
}
