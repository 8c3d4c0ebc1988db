using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Onboarding;

/// <summary>
/// One Embedded Signup attempt: the single-use <c>state</c> nonce handed to the browser (stored only as its hash),
/// who it was issued to, and how the attempt ended (completed with a connection, or cancelled at a step).
/// A table rather than a protected cookie so that "used once" holds across every node.
/// </summary>
internal sealed class OnboardingState : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    public required byte[] NonceHash { get; set; }

    /// <summary><c>key:{apiKeyId}</c> or <c>user:{userId}</c>: only the caller it was issued to may use it.</summary>
    public required string CallerKey { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset ExpiresAt { get; set; }

    public DateTimeOffset? UsedAt { get; set; }

    /// <summary>Hash of the code the state was used with: the same code and state again is a browser retry.</summary>
    public byte[]? CodeHash { get; set; }

    public Guid? ConnectionId { get; set; }

    /// <summary><c>completed</c> or <c>cancelled</c>; funnel data.</summary>
    public string? Outcome { get; set; }

    /// <summary>For cancellations: the step (<c>current_step</c>) or the user-reported error id and message.</summary>
    public string? Detail { get; set; }
}

internal sealed class OnboardingStateConfiguration : IEntityTypeConfiguration<OnboardingState>
{
    public void Configure(EntityTypeBuilder<OnboardingState> builder)
    {
        builder.ToTable("onboarding_states");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.HasIndex(s => s.NonceHash).IsUnique();
        builder.HasIndex(s => s.OrgId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(s => s.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}
