using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>Contacts, conversations (the 24 h window), messages with their status history, templates and media.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122000000_Messaging")]
public sealed class Messaging : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "contacts",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                wa_id = table.Column<string>(nullable: false),
                profile_name_cipher = table.Column<byte[]>(nullable: true),
                created_at = table.Time(migrationBuilder),
                updated_at = table.Time(migrationBuilder),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_contacts", x => x.id);
                table.ForeignKey("fk_contacts_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_contacts_org_id_wa_id", "contacts", ["org_id", "wa_id"], unique: true);
        migrationBuilder.EnableTenantIsolation("contacts");

        migrationBuilder.CreateTable(
            name: "conversations",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                connection_id = table.Column<Guid>(nullable: false),
                phone_number_row_id = table.Column<Guid>(nullable: false),
                contact_id = table.Column<Guid>(nullable: false),
                last_message_at = table.Time(migrationBuilder, nullable: true),
                last_inbound_at = table.Time(migrationBuilder, nullable: true),
                window_expires_at = table.Time(migrationBuilder, nullable: true),
                unread_count = table.Column<int>(nullable: false),
                created_at = table.Time(migrationBuilder),
                updated_at = table.Time(migrationBuilder),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_conversations", x => x.id);
                table.ForeignKey("fk_conversations_connections_connection_id", x => x.connection_id, "connections", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_conversations_phone_numbers_phone_number_row_id", x => x.phone_number_row_id, "phone_numbers", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_conversations_contacts_contact_id", x => x.contact_id, "contacts", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_conversations_phone_number_row_id_contact_id", "conversations", ["phone_number_row_id", "contact_id"], unique: true);
        migrationBuilder.CreateIndex("ix_conversations_org_id_last_message_at", "conversations", ["org_id", "last_message_at"]);
        migrationBuilder.CreateIndex("ix_conversations_contact_id", "conversations", "contact_id");
        migrationBuilder.CreateIndex("ix_conversations_connection_id", "conversations", "connection_id");
        migrationBuilder.EnableTenantIsolation("conversations");

        migrationBuilder.CreateTable(
            name: "media",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                connection_id = table.Column<Guid>(nullable: true),
                origin = table.Column<string>(nullable: false),
                state = table.Column<string>(nullable: false),
                mime_type = table.Column<string>(nullable: false),
                size = table.Column<long>(nullable: false),
                sha256 = table.Column<string>(nullable: true),
                file_name_cipher = table.Column<byte[]>(nullable: true),
                storage_key = table.Column<string>(nullable: true),
                meta_media_id = table.Column<string>(nullable: true),
                meta_phone_number_id = table.Column<string>(nullable: true),
                meta_uploaded_at = table.Time(migrationBuilder, nullable: true),
                attempts = table.Column<int>(nullable: false),
                error = table.Column<string>(nullable: true),
                created_at = table.Time(migrationBuilder),
                updated_at = table.Time(migrationBuilder),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_media", x => x.id);
                table.ForeignKey("fk_media_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_media_connections_connection_id", x => x.connection_id, "connections", "id", onDelete: ReferentialAction.SetNull);
            });
        migrationBuilder.CreateIndex("ix_media_org_id_meta_media_id", "media", ["org_id", "meta_media_id"]);
        migrationBuilder.CreateIndex("ix_media_connection_id", "media", "connection_id");
        migrationBuilder.EnableTenantIsolation("media");

        migrationBuilder.CreateTable(
            name: "messages",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                connection_id = table.Column<Guid>(nullable: false),
                phone_number_row_id = table.Column<Guid>(nullable: false),
                conversation_id = table.Column<Guid>(nullable: false),
                contact_id = table.Column<Guid>(nullable: false),
                direction = table.Column<string>(nullable: false),
                origin = table.Column<string>(nullable: false),
                from = table.Column<string>(nullable: false),
                to = table.Column<string>(nullable: false),
                type = table.Column<string>(nullable: false),
                content_cipher = table.Column<byte[]>(nullable: true),
                status = table.Column<string>(nullable: false),
                wamid = table.Column<string>(nullable: true),
                media_id = table.Column<Guid>(nullable: true),
                error_code = table.Column<int>(nullable: true),
                error_title = table.Column<string>(nullable: true),
                error_detail = table.Column<string>(nullable: true),
                error_meta = table.Column<string>(nullable: true),
                metadata = table.Column<string>(nullable: true),
                idempotency_key = table.Column<string>(nullable: true),
                request_hash = table.Column<string>(nullable: true),
                requested_by = table.Column<string>(nullable: true),
                reviewed_by = table.Column<string>(nullable: true),
                reviewed_at = table.Time(migrationBuilder, nullable: true),
                review_reason = table.Column<string>(nullable: true),
                send_attempts = table.Column<int>(nullable: false),
                last_attempt_at = table.Time(migrationBuilder, nullable: true),
                timestamp = table.Time(migrationBuilder, nullable: true),
                created_at = table.Time(migrationBuilder),
                updated_at = table.Time(migrationBuilder),
                sent_at = table.Time(migrationBuilder, nullable: true),
                delivered_at = table.Time(migrationBuilder, nullable: true),
                read_at = table.Time(migrationBuilder, nullable: true),
                failed_at = table.Time(migrationBuilder, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_messages", x => x.id);
                table.ForeignKey("fk_messages_connections_connection_id", x => x.connection_id, "connections", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_messages_phone_numbers_phone_number_row_id", x => x.phone_number_row_id, "phone_numbers", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_messages_conversations_conversation_id", x => x.conversation_id, "conversations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_messages_org_id_wamid", "messages", ["org_id", "wamid"], unique: true);
        migrationBuilder.CreateIndex("ix_messages_org_id_idempotency_key", "messages", ["org_id", "idempotency_key"], unique: true);
        migrationBuilder.CreateIndex("ix_messages_conversation_id_id", "messages", ["conversation_id", "id"]);
        migrationBuilder.CreateIndex("ix_messages_org_id_status", "messages", ["org_id", "status"]);
        migrationBuilder.CreateIndex("ix_messages_connection_id", "messages", "connection_id");
        migrationBuilder.CreateIndex("ix_messages_phone_number_row_id", "messages", "phone_number_row_id");
        migrationBuilder.EnableTenantIsolation("messages");

        migrationBuilder.CreateTable(
            name: "message_status_events",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                message_id = table.Column<Guid>(nullable: true),
                wamid = table.Column<string>(nullable: false),
                status = table.Column<string>(nullable: false),
                timestamp = table.Time(migrationBuilder),
                received_at = table.Time(migrationBuilder),
                error_code = table.Column<int>(nullable: true),
                error_title = table.Column<string>(nullable: true),
                details = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_message_status_events", x => x.id);
                table.ForeignKey("fk_message_status_events_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_message_status_events_messages_message_id", x => x.message_id, "messages", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_message_status_events_org_id_wamid_status", "message_status_events", ["org_id", "wamid", "status"], unique: true);
        migrationBuilder.CreateIndex("ix_message_status_events_message_id", "message_status_events", "message_id");
        migrationBuilder.EnableTenantIsolation("message_status_events");

        migrationBuilder.CreateTable(
            name: "templates",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                connection_id = table.Column<Guid>(nullable: false),
                meta_id = table.Column<string>(nullable: true),
                name = table.Column<string>(nullable: false),
                language = table.Column<string>(nullable: false),
                category = table.Column<string>(nullable: false),
                status = table.Column<string>(nullable: false),
                parameter_format = table.Column<string>(nullable: false),
                components = table.Column<string>(nullable: false),
                quality_score = table.Column<string>(nullable: true),
                rejected_reason = table.Column<string>(nullable: true),
                created_at = table.Time(migrationBuilder),
                updated_at = table.Time(migrationBuilder),
                synced_at = table.Time(migrationBuilder, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_templates", x => x.id);
                table.ForeignKey("fk_templates_connections_connection_id", x => x.connection_id, "connections", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_templates_connection_id_name_language", "templates", ["connection_id", "name", "language"], unique: true);
        migrationBuilder.CreateIndex("ix_templates_org_id_meta_id", "templates", ["org_id", "meta_id"]);
        migrationBuilder.EnableTenantIsolation("templates");
    }
}
