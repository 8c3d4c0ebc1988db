using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

namespace WabaGate.Server.Data.Migrations;

/// <summary>Organizations, Identity's user tables and memberships, and the row-level-security helper.</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000000_Initial")]
public sealed class Initial : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        var pg = migrationBuilder.IsPostgres();
        var shortText = pg ? "character varying(256)" : "TEXT";

        if (pg)
        {
            // The organization of the current transaction, set by the application with SET LOCAL / set_config(..., true).
            migrationBuilder.Sql("""
                CREATE FUNCTION app_current_org() RETURNS uuid LANGUAGE sql STABLE
                AS $$ SELECT nullif(current_setting('app.org_id', true), '')::uuid $$;
                """);
        }

        migrationBuilder.CreateTable(
            name: "organizations",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                name = table.Column<string>(nullable: false),
                created_at = table.Time(migrationBuilder),
            },
            constraints: table => table.PrimaryKey("pk_organizations", x => x.id));
        migrationBuilder.EnableTenantIsolation("organizations", column: "id");

        migrationBuilder.CreateTable(
            name: "users",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                created_at = table.Time(migrationBuilder),
                user_name = table.Column<string>(type: shortText, nullable: true),
                normalized_user_name = table.Column<string>(type: shortText, nullable: true),
                email = table.Column<string>(type: shortText, nullable: true),
                normalized_email = table.Column<string>(type: shortText, nullable: true),
                email_confirmed = table.Column<bool>(nullable: false),
                password_hash = table.Column<string>(nullable: true),
                security_stamp = table.Column<string>(nullable: true),
                concurrency_stamp = table.Column<string>(nullable: true),
                phone_number = table.Column<string>(nullable: true),
                phone_number_confirmed = table.Column<bool>(nullable: false),
                two_factor_enabled = table.Column<bool>(nullable: false),
                lockout_end = table.Time(migrationBuilder, nullable: true),
                lockout_enabled = table.Column<bool>(nullable: false),
                access_failed_count = table.Column<int>(nullable: false),
            },
            constraints: table => table.PrimaryKey("pk_users", x => x.id));
        migrationBuilder.CreateIndex("email_index", "users", "normalized_email");
        migrationBuilder.CreateIndex("user_name_index", "users", "normalized_user_name", unique: true);

        migrationBuilder.CreateTable(
            name: "user_claims",
            columns: table => new
            {
                id = table.Column<int>(nullable: false)
                    .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn)
                    .Annotation("Sqlite:Autoincrement", true),
                user_id = table.Column<Guid>(nullable: false),
                claim_type = table.Column<string>(nullable: true),
                claim_value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_user_claims", x => x.id);
                table.ForeignKey("fk_user_claims_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_user_claims_user_id", "user_claims", "user_id");

        migrationBuilder.CreateTable(
            name: "user_logins",
            columns: table => new
            {
                login_provider = table.Column<string>(nullable: false),
                provider_key = table.Column<string>(nullable: false),
                provider_display_name = table.Column<string>(nullable: true),
                user_id = table.Column<Guid>(nullable: false),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_user_logins", x => new { x.login_provider, x.provider_key });
                table.ForeignKey("fk_user_logins_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_user_logins_user_id", "user_logins", "user_id");

        migrationBuilder.CreateTable(
            name: "user_tokens",
            columns: table => new
            {
                user_id = table.Column<Guid>(nullable: false),
                login_provider = table.Column<string>(nullable: false),
                name = table.Column<string>(nullable: false),
                value = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_user_tokens", x => new { x.user_id, x.login_provider, x.name });
                table.ForeignKey("fk_user_tokens_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
            });

        migrationBuilder.CreateTable(
            name: "memberships",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                user_id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                role = table.Column<string>(nullable: false),
                created_at = table.Time(migrationBuilder),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_memberships", x => x.id);
                table.ForeignKey("fk_memberships_users_user_id", x => x.user_id, "users", "id", onDelete: ReferentialAction.Cascade);
                table.ForeignKey("fk_memberships_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_memberships_org_id", "memberships", "org_id");
        migrationBuilder.CreateIndex("ix_memberships_user_id_org_id", "memberships", ["user_id", "org_id"], unique: true);
    }
}
