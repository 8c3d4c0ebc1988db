using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;

namespace WabaGate.Server.Data;

/// <summary>
/// SQLite only: copies the write-ahead log back into the database file in the background, once a second. By default
/// SQLite does that inside whichever commit pushes the log past 1,000 pages — under load, every few seconds one
/// webhook's acknowledgement (or a processing batch holding the write lock) also paid for writing and fsyncing the
/// database file, which showed as the p99. Connections therefore run with <c>wal_autocheckpoint</c> off (see
/// <see cref="SqliteBusyTimeoutInterceptor"/>) and this service checkpoints in <c>PASSIVE</c> mode, which never
/// waits for or blocks a writer. Durability is unchanged: a commit is durable once it is in the fsynced log.
/// </summary>
internal sealed partial class SqliteCheckpointer(IOptions<DatabaseOptions> options, TimeProvider clock, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var connection = new SqliteConnection(options.Value.SqliteConnectionString);
                await connection.OpenAsync(stoppingToken);
                SqliteBusyTimeoutInterceptor.Prepare(connection, options.Value.SqliteSynchronous);
                await using var command = connection.CreateCommand();
                command.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
                await command.ExecuteNonQueryAsync(stoppingToken);
            }
            catch (SqliteException exception)
            {
                // The log keeps growing until the next checkpoint succeeds; nothing is lost.
                Log.CheckpointFailed(logger, exception);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "SQLite checkpoint failed; retrying in a second")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception);
    }
}
