using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>The durable webhook inbox: every signed delivery from Meta, stored encrypted before it is acknowledged.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000700_Webhooks")]
public sealed class Webhooks : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "webhook_deliveries",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: true),
                connection_id = table.Column<Guid>(nullable: true),
                received_at = table.Time(migrationBuilder),
                source = table.Column<string>(nullable: false),
                fields = table.Column<string>(nullable: false),
                state = table.Column<string>(nullable: false),
                attempts = table.Column<int>(nullable: false),
                error = table.Column<string>(nullable: true),
                outcome = table.Column<string>(nullable: true),
                payload_cipher = table.Column<byte[]>(nullable: true),
                body_sha256 = table.Column<byte[]>(nullable: false),
                processed_at = table.Time(migrationBuilder, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_webhook_deliveries", x => x.id);
                table.ForeignKey("fk_webhook_deliveries_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_webhook_deliveries_org_id_id", "webhook_deliveries", ["org_id", "id"]);
        migrationBuilder.CreateIndex("ix_webhook_deliveries_body_sha256", "webhook_deliveries", "body_sha256", unique: true);
        migrationBuilder.EnableTenantIsolation("webhook_deliveries", systemRows: true);
    }
}
