using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.EntityFrameworkCore.Migrations.Operations;
using Microsoft.EntityFrameworkCore.Migrations.Operations.Builders;

namespace WabaGate.Server.Data.Migrations;

/// <summary>
/// Helpers for the hand-written migrations (EF's design-time package is not available): the few column
/// kinds whose store type differs by provider, and PostgreSQL row-level security.
/// </summary>
internal static class MigrationExtensions
{
    private const string Npgsql = "Npgsql.EntityFrameworkCore.PostgreSQL";

    public static bool IsPostgres(this MigrationBuilder migrationBuilder) => migrationBuilder.ActiveProvider == Npgsql;

    /// <summary>A point in time: <c>timestamp with time zone</c> on PostgreSQL, UTC ticks in an INTEGER on SQLite.</summary>
    public static OperationBuilder<AddColumnOperation> Time(this ColumnsBuilder table, MigrationBuilder migrationBuilder, bool nullable = false)
        => migrationBuilder.IsPostgres()
            ? table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: nullable)
            : table.Column<long>(type: "INTEGER", nullable: nullable);

    /// <summary>
    /// Turns on row-level security for a tenant-owned table: rows are visible and writable only when their
    /// <paramref name="column"/> equals the organization of the current transaction. The table owner (the
    /// migrating role) keeps access through a separate policy, so the reviewed SECURITY DEFINER functions it
    /// owns can do cross-tenant system work; the application role owns nothing and gets only the tenant policy.
    /// </summary>
    public static void EnableTenantIsolation(this MigrationBuilder migrationBuilder, string table, string column = "org_id", bool systemRows = false)
    {
        if (!migrationBuilder.IsPostgres())
        {
            return;
        }

        // System rows (org_id NULL) are visible only in system context, where app.org_id is empty.
        var predicate = systemRows ? $"{column} IS NOT DISTINCT FROM app_current_org()" : $"{column} = app_current_org()";
        migrationBuilder.Sql($"""
            ALTER TABLE {table} ENABLE ROW LEVEL SECURITY;
            ALTER TABLE {table} FORCE ROW LEVEL SECURITY;
            CREATE POLICY tenant_isolation ON {table} USING ({predicate}) WITH CHECK ({predicate});
            DO $$ BEGIN EXECUTE format('CREATE POLICY owner_access ON {table} TO %I USING (true) WITH CHECK (true)', current_user); END $$;
            """);
    }
}
