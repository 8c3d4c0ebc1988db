using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace WabaGate.Server.Data;

/// <summary>
/// Brings the schema up to date and, on PostgreSQL, grants the application role what it needs and refuses
/// to run with a role that would silently switch row-level security off.
/// </summary>
internal sealed partial class DatabaseMigrator(IServiceProvider services, IOptions<DatabaseOptions> options, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var db = options.Value;
        var builder = new DbContextOptionsBuilder<AppDbContext>();
        DatabaseServiceCollectionExtensions.Configure(builder, services, db, forMigrations: true);

        if (db.Provider == DatabaseProvider.Sqlite)
        {
            var file = new SqliteConnectionStringBuilder(db.SqliteConnectionString).DataSource;
            var directory = Path.GetDirectoryName(Path.GetFullPath(file));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }
        }

        await using (var context = new AppDbContext(builder.Options))
        {
            var pending = (await context.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
            if (db.Provider == DatabaseProvider.Sqlite)
            {
                // Write-ahead logging is a property of the file: readers never block the writer.
                await context.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;", cancellationToken);
            }

            await context.Database.MigrateAsync(cancellationToken);
            LogMigrated(logger, db.Provider, pending.Count);
        }

        if (db.Provider == DatabaseProvider.Postgres)
        {
            await SecureApplicationRoleAsync(db, cancellationToken);
        }
    }

    private static async Task SecureApplicationRoleAsync(DatabaseOptions db, CancellationToken cancellationToken)
    {
        var appRole = new NpgsqlConnectionStringBuilder(db.PostgresConnectionString).Username;
        if (db.PostgresMigrationsConnectionString is { } owner
            && new NpgsqlConnectionStringBuilder(owner).Username is { } ownerRole && ownerRole != appRole && appRole is not null)
        {
            await using var connection = new NpgsqlConnection(owner);
            await connection.OpenAsync(cancellationToken);
            var role = Quote(appRole);
            await using var grant = new NpgsqlCommand($"""
                GRANT USAGE ON SCHEMA public TO {role};
                GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA public TO {role};
                GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role};
                GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA public TO {role};
                """, connection);
            await grant.ExecuteNonQueryAsync(cancellationToken);
        }

        await using var app = new NpgsqlConnection(db.PostgresConnectionString);
        await app.OpenAsync(cancellationToken);
        await using var check = new NpgsqlCommand("""
            SELECT r.rolsuper OR r.rolbypassrls,
                   EXISTS (SELECT 1 FROM pg_tables t WHERE t.schemaname = 'public' AND t.tableowner = current_user)
            FROM pg_roles r WHERE r.rolname = current_user
            """, app);
        await using var reader = await check.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (reader.GetBoolean(0) || reader.GetBoolean(1))
        {
            throw new InvalidOperationException(
                $"The PostgreSQL role '{appRole}' in ConnectionStrings:Postgres is a superuser, has BYPASSRLS or owns tables, "
                + "so row-level security would not isolate organizations. Connect the application with a plain login role and "
                + "put the schema owner in ConnectionStrings:PostgresMigrations (see docs/operations.md).");
        }
    }

    private static string Quote(string identifier) => "\"" + identifier.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    [LoggerMessage(Level = LogLevel.Information, Message = "Database ({Provider}) is up to date; {Count} migration(s) applied")]
    private static partial void LogMigrated(ILogger logger, DatabaseProvider provider, int count);
}
