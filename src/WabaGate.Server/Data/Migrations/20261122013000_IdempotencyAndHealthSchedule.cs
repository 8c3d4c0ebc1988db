using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>
/// <c>Idempotency-Key</c> records, and the reviewed cross-tenant lookup the scheduled health checks start from
/// (which connections, in which organizations, are due a check).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122013000_IdempotencyAndHealthSchedule")]
public sealed class IdempotencyAndHealthSchedule : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "idempotency_records",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                scope = table.Column<string>(nullable: false),
                key = table.Column<string>(nullable: false),
                request_hash = table.Column<byte[]>(nullable: false),
                resource_id = table.Column<Guid>(nullable: false),
                created_at = table.Time(migrationBuilder),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_idempotency_records", x => x.id);
                table.ForeignKey("fk_idempotency_records_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_idempotency_records_org_id_scope_key", "idempotency_records", ["org_id", "scope", "key"], unique: true);
        migrationBuilder.EnableTenantIsolation("idempotency_records");

        if (migrationBuilder.IsPostgres())
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION connections_due_health_check()
                RETURNS TABLE (org_id uuid, connection_id uuid)
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
                AS $$ SELECT c.org_id, c.id FROM connections c WHERE c.enabled AND c.status IN ('Active', 'Error') $$;
                REVOKE ALL ON FUNCTION connections_due_health_check() FROM PUBLIC;
                """);
        }
    }
}
