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
/// <para>
/// A passive checkpoint copies pages but never rewinds the log: SQLite starts writing the log from its beginning again
/// only when a writer finds every frame copied and no reader still using the log, which under sustained load never
/// happens. The log then grew without end (480 MB after 70 s of sends, beside a 60 MB database), and with it every
/// page look-up, which searches the log's index segment by segment. So once the log holds more than
/// <see cref="TruncateAfterFrames"/> frames, the checkpoint runs in <c>TRUNCATE</c> mode instead: it waits (through the
/// busy handler) for the readers of older snapshots, holding off writers meanwhile (for at most
/// <see cref="TruncateWaitMilliseconds"/>; a long read makes it give up until the next tick rather than stall every
/// writer), copies what the passive run left, and empties the file. The log stays near a second of writes.
/// </para>
/// </summary>
internal sealed partial class SqliteCheckpointer(IOptions<DatabaseOptions> options, TimeProvider clock, ILogger<SqliteCheckpointer> logger) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    /// <summary>4,096 frames (16 MiB at SQLite's default page size): one segment of the log's index.</summary>
    internal const int TruncateAfterFrames = 4096;

    /// <summary>How long a truncating checkpoint waits for older readers, holding off writers meanwhile, before it gives up until the next tick.</summary>
    private const int TruncateWaitMilliseconds = 200;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != DatabaseProvider.Sqlite)
        {
            return;
        }

        // Its own unpooled connection: its short busy timeout must not reach a pooled handle the app uses.
        var connectionString = new SqliteConnectionStringBuilder(options.Value.SqliteConnectionString) { Pooling = false }.ToString();
        var pragma = $"PRAGMA busy_timeout = {TruncateWaitMilliseconds}; PRAGMA synchronous = {options.Value.SqliteSynchronous.ToString().ToUpperInvariant()};";
        using var timer = new PeriodicTimer(Interval, clock);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await using var connection = new SqliteConnection(connectionString);
                await connection.OpenAsync(stoppingToken);
                await using var command = connection.CreateCommand();
                command.CommandText = pragma;
                await command.ExecuteNonQueryAsync(stoppingToken);
                if (await CheckpointAsync(command, "PASSIVE", stoppingToken) > TruncateAfterFrames)
                {
                    await CheckpointAsync(command, "TRUNCATE", stoppingToken);
                }
            }
            catch (SqliteException exception)
            {
                // The log keeps growing until the next checkpoint succeeds; nothing is lost.
                Log.CheckpointFailed(logger, exception);
            }
        }
    }

    /// <summary>Runs one checkpoint and returns the frames the log held (-1 when the database is not in WAL mode).</summary>
    private static async Task<long> CheckpointAsync(SqliteCommand command, string mode, CancellationToken ct)
    {
        command.CommandText = $"PRAGMA wal_checkpoint({mode});";
        await using var result = await command.ExecuteReaderAsync(ct);

        // One row: busy (1 when it could not finish in time; the next tick tries again), frames in the log, frames copied.
        return await result.ReadAsync(ct) ? result.GetInt64(1) : -1;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1101, Level = LogLevel.Warning, Message = "SQLite checkpoint failed; retrying in a second")]
        public static partial void CheckpointFailed(ILogger logger, Exception exception);
    }
}
