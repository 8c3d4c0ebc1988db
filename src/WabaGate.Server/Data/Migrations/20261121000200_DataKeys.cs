using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>
/// Wrapped per-organization data keys (encryption at rest) and, on PostgreSQL, the reviewed
/// <c>list_organization_ids()</c> function that master-key rotation uses to visit every organization.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000200_DataKeys")]
public sealed class DataKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "org_data_keys",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                version = table.Column<int>(nullable: false),
                wrapped_key = table.Column<byte[]>(nullable: false),
                master_key_id = table.Column<string>(nullable: false),
                created_at = table.Time(migrationBuilder),
                destroyed_at = table.Time(migrationBuilder, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_org_data_keys", x => x.id);
                table.ForeignKey("fk_org_data_keys_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_org_data_keys_org_id_version", "org_data_keys", ["org_id", "version"], unique: true);
        migrationBuilder.EnableTenantIsolation("org_data_keys");

        if (migrationBuilder.IsPostgres())
        {
            // Returns ids only (no names, no keys): the application role sees one organization at a time under
            // row-level security, and master-key rotation then sets each organization's context in turn.
            // SECURITY DEFINER runs as the owner (owner_access policy); search_path is pinned against hijacking.
            migrationBuilder.Sql("""
                CREATE FUNCTION list_organization_ids() RETURNS SETOF uuid
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp
                AS $$ SELECT id FROM organizations ORDER BY id $$;
                REVOKE ALL ON FUNCTION list_organization_ids() FROM PUBLIC;
                """);
        }
    }
}
