using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>Connections (one per organization and WABA), their phone numbers, and the reviewed routing lookups.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000500_Connections")]
public sealed class Connections : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "connections",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                kind = table.Column<string>(nullable: false),
                waba_id = table.Column<string>(nullable: false),
                business_id = table.Column<string>(nullable: true),
                name = table.Column<string>(nullable: false),
                status = table.Column<string>(nullable: false),
                status_reason = table.Column<string>(nullable: true),
                enabled = table.Column<bool>(nullable: false),
                access_token_cipher = table.Column<byte[]>(nullable: true),
                token_expires_at = table.Time(migrationBuilder, nullable: true),
                app_secret_cipher = table.Column<byte[]>(nullable: true),
                webhook_key = table.Column<string>(nullable: true),
                verify_token_cipher = table.Column<byte[]>(nullable: true),
                auto_mark_read = table.Column<bool>(nullable: false),
                last_webhook_at = table.Time(migrationBuilder, nullable: true),
                last_health_check_at = table.Time(migrationBuilder, nullable: true),
                created_at = table.Time(migrationBuilder),
                updated_at = table.Time(migrationBuilder),
                disconnected_at = table.Time(migrationBuilder, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_connections", x => x.id);
                table.ForeignKey("fk_connections_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_connections_org_id_waba_id", "connections", ["org_id", "waba_id"], unique: true);
        migrationBuilder.CreateIndex("ix_connections_waba_id", "connections", "waba_id");
        migrationBuilder.CreateIndex("ix_connections_webhook_key", "connections", "webhook_key", unique: true);
        migrationBuilder.EnableTenantIsolation("connections");

        migrationBuilder.CreateTable(
            name: "phone_numbers",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                connection_id = table.Column<Guid>(nullable: false),
                phone_number_id = table.Column<string>(nullable: false),
                display_phone_number = table.Column<string>(nullable: true),
                verified_name = table.Column<string>(nullable: true),
                quality_rating = table.Column<string>(nullable: true),
                messaging_limit_tier = table.Column<string>(nullable: true),
                throughput_level = table.Column<string>(nullable: true),
                name_status = table.Column<string>(nullable: true),
                status = table.Column<string>(nullable: true),
                platform_type = table.Column<string>(nullable: true),
                is_coexistence = table.Column<bool>(nullable: false),
                registered = table.Column<bool>(nullable: false),
                pin_cipher = table.Column<byte[]>(nullable: true),
                created_at = table.Time(migrationBuilder),
                updated_at = table.Time(migrationBuilder),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_phone_numbers", x => x.id);
                table.ForeignKey("fk_phone_numbers_connections_connection_id", x => x.connection_id, "connections", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_phone_numbers_connection_id_phone_number_id", "phone_numbers", ["connection_id", "phone_number_id"], unique: true);
        migrationBuilder.CreateIndex("ix_phone_numbers_phone_number_id", "phone_numbers", "phone_number_id");
        migrationBuilder.CreateIndex("ix_phone_numbers_org_id", "phone_numbers", "org_id");
        migrationBuilder.EnableTenantIsolation("phone_numbers");

        if (migrationBuilder.IsPostgres())
        {
            // Webhooks arrive before anyone knows the organization; these answer only "who owns this id".
            migrationBuilder.Sql("""
                CREATE FUNCTION route_waba(p_waba_id text)
                RETURNS TABLE (org_id uuid, connection_id uuid)
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
                AS $$ SELECT c.org_id, c.id FROM connections c WHERE c.waba_id = p_waba_id AND c.status <> 'Disconnected' $$;
                REVOKE ALL ON FUNCTION route_waba(text) FROM PUBLIC;

                CREATE FUNCTION route_phone_number(p_phone_number_id text)
                RETURNS TABLE (org_id uuid, connection_id uuid, phone_id uuid)
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
                AS $$ SELECT p.org_id, p.connection_id, p.id FROM phone_numbers p JOIN connections c ON c.id = p.connection_id
                      WHERE p.phone_number_id = p_phone_number_id AND c.status <> 'Disconnected' $$;
                REVOKE ALL ON FUNCTION route_phone_number(text) FROM PUBLIC;

                CREATE FUNCTION route_webhook_key(p_key text)
                RETURNS TABLE (org_id uuid, connection_id uuid)
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
                AS $$ SELECT c.org_id, c.id FROM connections c WHERE c.webhook_key = p_key $$;
                REVOKE ALL ON FUNCTION route_webhook_key(text) FROM PUBLIC;
                """);
        }
    }
}
