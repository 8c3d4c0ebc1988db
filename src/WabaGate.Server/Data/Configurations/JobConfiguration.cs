using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Data.Configurations;

internal sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).ValueGeneratedNever();

        // Lower-case names, as the claim functions and operators' SQL spell them.
        builder.Property(j => j.State).HasConversion(
            state => JobStates.ToText(state),
            text => JobStates.Parse(text));

        // Claiming scans due pending jobs (and expired leases) in run_at order.
        builder.HasIndex(j => new { j.State, j.RunAt });

        // The API lists one organization's jobs newest first (UUIDv7 ids sort by creation time).
        builder.HasIndex(j => new { j.OrgId, j.Id });
        builder.HasIndex(j => j.DedupeKey).IsUnique().HasFilter("dedupe_key IS NOT NULL");
        builder.HasOne<Organization>().WithMany().HasForeignKey(j => j.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>The stored spelling of <see cref="JobState"/>.</summary>
internal static class JobStates
{
    public const string Pending = "pending";
    public const string Running = "running";
    public const string Succeeded = "succeeded";
    public const string Dead = "dead";

    public static string ToText(JobState state) => state switch
    {
        JobState.Pending => Pending,
        JobState.Running => Running,
        JobState.Succeeded => Succeeded,
        JobState.Dead => Dead,
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static JobState Parse(string text) => text switch
    {
        Pending => JobState.Pending,
        Running => JobState.Running,
        Succeeded => JobState.Succeeded,
        Dead => JobState.Dead,
        _ => throw new FormatException($"Unknown job state '{text}'."),
    };

    public static bool TryParse(string? text, out JobState state)
    {
        state = default;
        if (text is not (Pending or Running or Succeeded or Dead))
        {
            return false;
        }

        state = Parse(text);
        return true;
    }
}
