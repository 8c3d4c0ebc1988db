using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Data.Configurations;

internal sealed class WebhookDeliveryConfiguration : IEntityTypeConfiguration<WebhookDelivery>
{
    public void Configure(EntityTypeBuilder<WebhookDelivery> builder)
    {
        builder.ToTable("webhook_deliveries");
        builder.HasKey(d => d.Id);
        builder.Property(d => d.Id).ValueGeneratedNever();
        builder.Property(d => d.State).HasConversion(s => s.ToString().ToLowerInvariant(), t => Enum.Parse<WebhookDeliveryState>(t, true));
        builder.Property(d => d.Source).HasConversion(s => s.ToString().ToLowerInvariant(), t => Enum.Parse<WebhookSource>(t, true));

        // The inspector lists one organization's deliveries newest first (UUIDv7 ids sort by arrival).
        builder.HasIndex(d => new { d.OrgId, d.Id });
        builder.HasIndex(d => d.BodySha256).IsUnique();

        // Retention's work list: processed deliveries that still hold a body (see WebhookRetention).
        builder.HasIndex(d => d.Id, "ix_webhook_deliveries_processed_with_payload").HasFilter("state = 'processed' AND payload_cipher IS NOT NULL");
        builder.HasOne<Organization>().WithMany().HasForeignKey(d => d.OrgId).OnDelete(DeleteBehavior.Cascade);
    }
}
