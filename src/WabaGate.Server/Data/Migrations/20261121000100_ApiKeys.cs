using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>API keys, and the one reviewed cross-tenant lookup that authenticates them.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000100_ApiKeys")]
public sealed class ApiKeys : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "api_keys",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                name = table.Column<string>(nullable: false),
                prefix = table.Column<string>(nullable: false),
                hash = table.Column<byte[]>(nullable: false),
                role = table.Column<string>(nullable: false),
                created_by_user_id = table.Column<Guid>(nullable: true),
                created_at = table.Time(migrationBuilder),
                last_used_at = table.Time(migrationBuilder, nullable: true),
                revoked_at = table.Time(migrationBuilder, nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_api_keys", x => x.id);
                table.ForeignKey("fk_api_keys_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_api_keys_hash", "api_keys", "hash", unique: true);
        migrationBuilder.CreateIndex("ix_api_keys_org_id", "api_keys", "org_id");
        migrationBuilder.EnableTenantIsolation("api_keys");

        if (migrationBuilder.IsPostgres())
        {
            // Authentication happens before the organization is known: this function (owned by the schema
            // owner, so it may read across organizations) answers only "whose key has exactly this hash".
            migrationBuilder.Sql("""
                CREATE FUNCTION find_api_key(p_hash bytea)
                RETURNS TABLE (id uuid, org_id uuid, role text, revoked boolean)
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
                AS $$ SELECT k.id, k.org_id, k.role, k.revoked_at IS NOT NULL FROM api_keys k WHERE k.hash = p_hash $$;
                REVOKE ALL ON FUNCTION find_api_key(bytea) FROM PUBLIC;
                """);
        }
    }
}
