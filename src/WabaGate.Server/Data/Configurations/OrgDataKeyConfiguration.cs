using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Data.Configurations;

internal sealed class OrgDataKeyConfiguration : IEntityTypeConfiguration<OrgDataKey>
{
    public void Configure(EntityTypeBuilder<OrgDataKey> builder)
    {
        builder.ToTable("org_data_keys");
        builder.HasKey(k => k.Id);
        builder.Property(k => k.Id).ValueGeneratedNever();
        builder.HasIndex(k => new { k.OrgId, k.Version }).IsUnique();

        // Deleting an organization deletes its wrapped keys, which makes its ciphertexts unreadable.
        builder.HasOne<Organization>().WithMany().HasForeignKey(k => k.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}
