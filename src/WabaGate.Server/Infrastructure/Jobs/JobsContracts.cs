using WabaGate.Server.Data.Configurations;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>A job as the API shows it: no payload (ids only, but still internal), no lock details.</summary>
public sealed record JobDto(
    Guid Id, string Kind, string State, int Attempts, int MaxAttempts, DateTimeOffset RunAt, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt)
{
    public static JobDto From(Job job) => new(
        job.Id, job.Kind, JobStates.ToText(job.State), job.Attempts, job.MaxAttempts, job.RunAt, job.LastError,
        job.CreatedAt, job.UpdatedAt, job.CompletedAt);
}
