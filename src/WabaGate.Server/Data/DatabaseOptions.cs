namespace WabaGate.Server.Data;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>SQLite's <c>PRAGMA synchronous</c> in WAL mode: what a commit waits for.</summary>
public enum SqliteSynchronous
{
    /// <summary>Every commit is fsynced before it returns: a committed row survives a process crash and a power loss.</summary>
    Full,

    /// <summary>
    /// Commits are fsynced only at checkpoints: a committed row survives a process crash but the last commits may be lost
    /// on power loss or an operating system crash. Faster; an operator's explicit choice, never the default.
    /// </summary>
    Normal,
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

    /// <summary>
    /// <c>Database:SqliteSynchronous</c>: <c>Full</c> (default) keeps "stored durably before 200" true across power loss;
    /// <c>Normal</c> only across process crashes.
    /// </summary>
    public SqliteSynchronous SqliteSynchronous { get; set; } = SqliteSynchronous.Full;

    /// <summary>The SQLite connection string, derived from the data directory unless <c>ConnectionStrings:Sqlite</c> is set.</summary>
    public string? SqliteConnectionString { get; set; }
}
