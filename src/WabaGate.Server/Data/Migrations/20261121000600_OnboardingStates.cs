using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>Embedded Signup attempts: single-use <c>state</c> nonces (hashed) and their outcome (funnel data).</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000600_OnboardingStates")]
public sealed class OnboardingStates : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        migrationBuilder.CreateTable(
            name: "onboarding_states",
            columns: table => new
            {
                id = table.Column<Guid>(nullable: false),
                org_id = table.Column<Guid>(nullable: false),
                nonce_hash = table.Column<byte[]>(nullable: false),
                caller_key = table.Column<string>(nullable: false),
                created_at = table.Time(migrationBuilder),
                expires_at = table.Time(migrationBuilder),
                used_at = table.Time(migrationBuilder, nullable: true),
                code_hash = table.Column<byte[]>(nullable: true),
                connection_id = table.Column<Guid>(nullable: true),
                outcome = table.Column<string>(nullable: true),
                detail = table.Column<string>(nullable: true),
            },
            constraints: table =>
            {
                table.PrimaryKey("pk_onboarding_states", x => x.id);
                table.ForeignKey("fk_onboarding_states_organizations_org_id", x => x.org_id, "organizations", "id", onDelete: ReferentialAction.Cascade);
            });
        migrationBuilder.CreateIndex("ix_onboarding_states_nonce_hash", "onboarding_states", "nonce_hash", unique: true);
        migrationBuilder.CreateIndex("ix_onboarding_states_org_id", "onboarding_states", "org_id");
        migrationBuilder.EnableTenantIsolation("onboarding_states");
    }
}
