using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>
/// PostgreSQL: every committed change of the tables <see cref="ReferenceCache"/> reads (organizations, connections,
/// phone numbers, approval policies, templates; any column, since a send reads most of them) is announced on
/// <c>wabagate_reference</c>, so every node forgets what it cached. Statement triggers, so one bulk update is one
/// notification, and PostgreSQL delivers it only when (and if) the transaction commits. Replaces the connections-only
/// <c>wabagate_routes</c> trigger. SQLite runs on one node: nothing to announce.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261203000000_ReferenceNotifications")]
public sealed class ReferenceNotifications : Migration
{
    private static readonly string[] Tables = ["organizations", "connections", "phone_numbers", "approval_policies", "templates"];

    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (!migrationBuilder.IsPostgres())
        {
            return;
        }

        migrationBuilder.Sql("""
            DROP TRIGGER connections_routes_changed ON connections;
            DROP FUNCTION notify_routes_changed();
            CREATE FUNCTION notify_reference_changed() RETURNS trigger
            LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('wabagate_reference', ''); RETURN NULL; END $$;
            """);
        foreach (var table in Tables)
        {
            migrationBuilder.Sql($"""
                CREATE TRIGGER {table}_reference_changed
                  AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON {table}
                  FOR EACH STATEMENT EXECUTE FUNCTION notify_reference_changed();
                """);
        }
    }
}
