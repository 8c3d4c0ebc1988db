using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Data.Configurations;

internal sealed class MessageStatusEventConfiguration : IEntityTypeConfiguration<MessageStatusEvent>
{
    public void Configure(EntityTypeBuilder<MessageStatusEvent> builder)
    {
        builder.ToTable("message_status_events");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).ValueGeneratedNever();

        // A status Meta redelivers is recorded once.
        builder.HasIndex(e => new { e.OrgId, e.Wamid, e.Status }).IsUnique();
        builder.HasIndex(e => e.MessageId);
        builder.HasOne<Organization>().WithMany().HasForeignKey(e => e.OrgId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Message>().WithMany().HasForeignKey(e => e.MessageId).OnDelete(DeleteBehavior.Cascade);
    }
}
