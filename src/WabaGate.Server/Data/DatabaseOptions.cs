namespace WabaGate.Server.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Database</c> section plus the connection strings it selects.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Apply pending migrations when the server starts (the <c>migrate</c> command does it on demand).</summary>
    public bool MigrateOnStart { get; set; } = true;

    /// <summary><c>ConnectionStrings:Postgres</c>: the application's login role (no table ownership, no BYPASSRLS).</summary>
    public string? PostgresConnectionString { get; set; }

    /// <summary>
    /// <c>ConnectionStrings:PostgresMigrations</c>: the role that owns the schema and runs migrations.
    /// When unset, migrations run with the application's connection.
    /// </summary>
    public string? PostgresMigrationsConnectionString { get; set; }

    /// <summary>The SQLite connection string, derived from the data directory unless <c>ConnectionStrings:Sqlite</c> is set.</summary>
    public string? SqliteConnectionString { get; set; }
}
