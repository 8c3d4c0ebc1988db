using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WabaGate.Server.Data;

/// <summary>
/// Lets SQLite itself wait for a busy database (<c>PRAGMA busy_timeout</c>, fine-grained native back-off) instead of
/// Microsoft.Data.Sqlite's own retry loop, which sleeps 150 ms per attempt on a blocked thread: with the webhook
/// endpoint and the job workers writing at once, those sleeps dominated latency and starved the thread pool.
/// It also states <c>PRAGMA synchronous</c> (a per-connection setting) explicitly rather than leaving it to how the
/// native library was compiled: <c>FULL</c> unless the operator chose <c>Database:SqliteSynchronous=Normal</c>.
/// </summary>
internal sealed class SqliteBusyTimeoutInterceptor(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    private readonly string pragma = synchronous == SqliteSynchronous.Normal
        ? "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL;"
        : "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData)
    {
        using var command = connection.CreateCommand();
        command.CommandText = pragma;
        command.ExecuteNonQuery();
    }

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = pragma;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
