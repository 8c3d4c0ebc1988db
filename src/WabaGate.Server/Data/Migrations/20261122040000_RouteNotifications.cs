using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace WabaGate.Server.Data.Migrations;

/// <summary>
/// PostgreSQL: every committed change of which connection holds a WABA (a connection inserted or deleted, its WABA,
/// status or organization updated) is announced on <c>wabagate_routes</c>, so every node's
/// routing cache forgets its routes (superseded by <see cref="ReferenceNotifications"/>). A statement trigger, so one bulk update is one notification, and
/// PostgreSQL delivers it only when (and if) the transaction commits. SQLite runs on one node: nothing to announce.
/// </summary>
[DbContext(typeof(AppDbContext))]
[Migration("20261122040000_RouteNotifications")]
public sealed class RouteNotifications : Migration
{
    protected override void Up(MigrationBuilder migrationBuilder)
    {
        if (migrationBuilder.IsPostgres())
        {
            migrationBuilder.Sql("""
                CREATE FUNCTION notify_routes_changed() RETURNS trigger
                LANGUAGE plpgsql AS $$ BEGIN PERFORM pg_notify('wabagate_routes', ''); RETURN NULL; END $$;
                CREATE TRIGGER connections_routes_changed
                  AFTER INSERT OR DELETE OR TRUNCATE OR UPDATE OF waba_id, status, org_id ON connections
                  FOR EACH STATEMENT EXECUTE FUNCTION notify_routes_changed();
                """);
        }
    }
}
