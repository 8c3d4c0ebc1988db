using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>The reviewed cross-tenant question the sandbox bootstrap asks on start: are there any organizations yet?</summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261121000400_Bootstrap")]
public sealed class Bootstrap : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsPostgres())
        {
            // Answers only a number; no row of any organization leaves the function.
            migrationBuilder.Sql("""
                CREATE FUNCTION organization_count() RETURNS bigint
                LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
                AS $$ SELECT count(*) FROM organizations $$;
                REVOKE ALL ON FUNCTION organization_count() FROM PUBLIC;
                """);
        }
    }
}
