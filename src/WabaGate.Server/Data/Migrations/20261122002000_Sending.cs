using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>Sending: approval policies per organization and connection, and the audit log of approval decisions.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122002000_Sending")]
public sealed class Sending : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "approval_policies",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                connection_id = table.Column<Guid>(nullable: true),
                scope_key = table.Column<string>(nullable: false),
                policy = table.Column<string>(nullable: false),
                updated_by = table.Column<string>(nullable: true),
                updated_at = table.Time(migrationBuilder),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_approval_policies", x => x.id);
                table.ForeignKey("fk_approval_policies_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_approval_policies_connections_connection_id", x => x.connection_id, "connections", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_approval_policies_org_id_scope_key", "approval_policies", ["org_id", "scope_key"], unique: true);
        migrationBuilder.CreateIndex("ix_approval_policies_connection_id", "approval_policies", "connection_id");
        migrationBuilder.EnableTenantIsolation("approval_policies");

        migrationBuilder.CreateTable(
            name: "audit_log",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                actor = table.Column<string>(nullable: false),
                action = table.Column<string>(nullable: false),
                target = table.Column<string>(nullable: false),
                reason = table.Column<string>(nullable: true),
                at = table.Time(migrationBuilder),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_audit_log", x => x.id);
                table.ForeignKey("fk_audit_log_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_audit_log_org_id_at", "audit_log", ["org_id", "at"]);
        migrationBuilder.EnableTenantIsolation("audit_log");
    }
}
