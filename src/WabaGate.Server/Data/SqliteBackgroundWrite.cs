using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;

namespace WabaGate.Server.Data;

/// <summary>
/// SQLite only: a background writer's turn at the one write lock (through <see cref="SqliteWriteGate"/>, behind the
/// webhook inbox) on its context's connection, committing with <c>PRAGMA synchronous = NORMAL</c> — no fsync inside
/// the commit, so the turn is not held for one (a disk's fsync stalls for up to ~140 ms under load, and the inbox waits
/// for the turn to acknowledge new deliveries).
/// <para>
/// For writes that can be derived again, and only when the job's completion is in the same transaction: webhook
/// processing batches and job claims. A process crash loses nothing (the commit is in the log file); a power loss can
/// drop such commits made since the last fsync — the next <c>FULL</c> commit (the inbox's, an API write's) or
/// checkpoint syncs the whole log, earlier frames included — and then the job is simply pending again and re-runs
/// idempotently. What a caller was promised (an acknowledged delivery, an accepted message) is always committed with
/// the configured setting (<c>FULL</c> by default).
/// </para>
/// <para>
/// The setting lives on the pooled native connection, so the turn opens the connection itself and puts the configured
/// setting back before the connection returns to the pool; if that fails the connection is dropped from the pool
/// instead of going back relaxed.
/// </para>
/// </summary>
internal sealed class SqliteBackgroundWrite : IAsyncDisposable
{
    private readonly AppDbContext db;
    private readonly IDisposable turn;
    private readonly string? restore;

    private SqliteBackgroundWrite(AppDbContext db, IDisposable turn, string? restore)
    {
        this.db = db;
        this.turn = turn;
        this.restore = restore;
    }

    /// <summary>
    /// Waits for the turn, then relaxes the context's connection (open from now until <see cref="DisposeAsync"/>).
    /// Inside a transaction (SQLite refuses the setting there) it only takes the turn.
    /// </summary>
    public static async Task<SqliteBackgroundWrite> BeginAsync(AppDbContext db, SqliteWriteGate gate, SqliteSynchronous configured, CancellationToken cancellationToken)
    {
        var turn = await gate.EnterAsync(cancellationToken);
        if (db.Database.CurrentTransaction is not null)
        {
            return new SqliteBackgroundWrite(db, turn, restore: null);
        }

        var write = new SqliteBackgroundWrite(db, turn, $"PRAGMA synchronous = {configured.ToString().ToUpperInvariant()};");
        try
        {
            await db.Database.OpenConnectionAsync(cancellationToken);
            await db.Database.ExecuteSqlRawAsync("PRAGMA synchronous = NORMAL;", cancellationToken);
            return write;
        }
        catch
        {
            await write.DisposeAsync();
            throw;
        }
    }

    /// <summary>Rolls back what was not committed (SQLite refuses the setting inside a transaction), restores the setting, closes, and leaves the turn.</summary>
    public async ValueTask DisposeAsync()
    {
        if (restore is null)
        {
            turn.Dispose();
            return;
        }

        var connection = db.Database.GetDbConnection();
        try
        {
            if (db.Database.CurrentTransaction is { } open)
            {
                await open.DisposeAsync();
            }

            if (connection.State == System.Data.ConnectionState.Open)
            {
                await db.Database.ExecuteSqlRawAsync(restore);
            }
        }
        catch (Exception exception) when (exception is SqliteException or InvalidOperationException)
        {
            // Never hand a relaxed connection to a writer whose commit a caller waits for.
            SqliteConnection.ClearPool((SqliteConnection)connection);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
            turn.Dispose();
        }
    }
}
