using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Data.Configurations;

internal sealed class MediaFileConfiguration : IEntityTypeConfiguration<MediaFile>
{
    public void Configure(EntityTypeBuilder<MediaFile> builder)
    {
        builder.ToTable("media");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Origin).HasConversion(o => EnumNames.SnakeCase(o), o => EnumNames.ParseSnakeCase<MediaOrigin>(o));
        builder.Property(m => m.State).HasConversion(s => EnumNames.SnakeCase(s), s => EnumNames.ParseSnakeCase<MediaState>(s));
        builder.HasIndex(m => new { m.OrgId, m.MetaMediaId });
        builder.HasOne<Organization>().WithMany().HasForeignKey(m => m.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Connection>().WithMany().HasForeignKey(m => m.ConnectionId).OnDelete(DeleteBehavior.SetNull);
    }
}
