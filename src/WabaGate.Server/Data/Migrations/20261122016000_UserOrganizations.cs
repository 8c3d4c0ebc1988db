using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>
/// PostgreSQL: the reviewed cross-tenant read behind the organization switcher — the organizations one user is a
/// member of, with their names and the user's role (organization names are otherwise visible only inside their own
/// organization).
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122016000_UserOrganizations")]
public sealed class UserOrganizations : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (!migrationBuilder.IsPostgres())
        {
            return;
        }

        migrationBuilder.Sql("""
            CREATE FUNCTION user_organizations(p_user uuid)
            RETURNS TABLE (org_id uuid, name text, role text)
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public
            AS $$
              SELECT o.id, o.name, m.role FROM memberships m JOIN organizations o ON o.id = m.org_id
               WHERE m.user_id = p_user ORDER BY m.created_at, m.id
            $$;
            REVOKE ALL ON FUNCTION user_organizations(uuid) FROM PUBLIC;
            """);
    }
}
