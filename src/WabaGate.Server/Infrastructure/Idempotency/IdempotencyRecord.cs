using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Infrastructure.Idempotency;

/// <summary>
/// The first successful answer to a request sent with an <c>Idempotency-Key</c>: which operation, a hash of the
/// request body (never the body: it may hold secrets) and the resource it created.
/// </summary>
internal sealed class IdempotencyRecord : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    /// <summary>The operation, e.g. <c>connections.create</c>: one key may be used once per operation.</summary>
    public required string Scope { get; set; }

    public required string Key { get; set; }

    /// <summary>SHA-256 of the request as the endpoint understood it.</summary>
    public required byte[] RequestHash { get; set; }

    public Guid ResourceId { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
}

internal sealed class IdempotencyRecordConfiguration : IEntityTypeConfiguration<IdempotencyRecord>
{
    public void Configure(EntityTypeBuilder<IdempotencyRecord> builder)
    {
        builder.ToTable("idempotency_records");
        builder.HasKey(r => r.Id);
        builder.Property(r => r.Id).ValueGeneratedNever();
        builder.HasIndex(r => new { r.OrgId, r.Scope, r.Key }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(r => r.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}
