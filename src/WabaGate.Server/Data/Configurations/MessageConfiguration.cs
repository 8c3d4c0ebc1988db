using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Data.Configurations;

internal sealed class MessageConfiguration : IEntityTypeConfiguration<Message>
{
    public void Configure(EntityTypeBuilder<Message> builder)
    {
        builder.ToTable("messages");
        builder.HasKey(m => m.Id);
        builder.Property(m => m.Id).ValueGeneratedNever();
        builder.Property(m => m.Status).HasConversion(s => EnumNames.SnakeCase(s), s => EnumNames.ParseSnakeCase<MessageStatus>(s));
        builder.Property(m => m.Direction).HasConversion(d => EnumNames.SnakeCase(d), d => EnumNames.ParseSnakeCase<MessageDirection>(d));
        builder.Property(m => m.Origin).HasConversion(o => EnumNames.SnakeCase(o), o => EnumNames.ParseSnakeCase<MessageOrigin>(o));

        // Redelivered webhooks carry the same wamid: one row per organization and wamid (NULLs, i.e. unsent
        // outbound messages, are distinct on both providers).
        builder.HasIndex(m => new { m.OrgId, m.Wamid }).IsUnique();
        builder.HasIndex(m => new { m.OrgId, m.IdempotencyKey }).IsUnique();
        builder.HasIndex(m => new { m.ConversationId, m.Id });
        builder.HasIndex(m => new { m.OrgId, m.Status });
        builder.HasOne<Connection>().WithMany().HasForeignKey(m => m.ConnectionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<PhoneNumber>().WithMany().HasForeignKey(m => m.PhoneNumberRowId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Conversation>().WithMany().HasForeignKey(m => m.ConversationId).OnDelete(DeleteBehavior.Cascade);
    }
}
