using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Data.Configurations;

internal sealed class ApprovalPolicySettingConfiguration : IEntityTypeConfiguration<ApprovalPolicySetting>
{
    public void Configure(EntityTypeBuilder<ApprovalPolicySetting> builder)
    {
        builder.ToTable("approval_policies");
        builder.HasKey(p => p.Id);
        builder.Property(p => p.Id).ValueGeneratedNever();
        builder.Property(p => p.Policy).HasConversion(p => EnumNames.SnakeCase(p), p => EnumNames.ParseSnakeCase<ApprovalPolicy>(p));
        builder.HasIndex(p => new { p.OrgId, p.ScopeKey }).IsUnique();
        builder.HasOne<Organization>().WithMany().HasForeignKey(p => p.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Connection>().WithMany().HasForeignKey(p => p.ConnectionId).OnDelete(DeleteBehavior.Cascade);
    }
}
