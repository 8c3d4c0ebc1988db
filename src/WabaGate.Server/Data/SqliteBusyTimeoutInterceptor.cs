using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WabaGate.Server.Data;

/// <summary>
/// Sets up each native SQLite connection once: how it waits for a busy database, and <c>PRAGMA synchronous</c> (a
/// per-connection setting stated explicitly rather than left to how the native library was compiled: <c>FULL</c>
/// unless the operator chose <c>Database:SqliteSynchronous=Normal</c>), and no checkpoints inside commits
/// (<see cref="SqliteCheckpointer"/> does them in the background).
/// <para>
/// Waiting: SQLite itself retries a busy database instead of Microsoft.Data.Sqlite's own loop, which sleeps 150 ms per
/// attempt on a blocked thread. SQLite's stock busy timeout backs off in growing sleeps of up to 100 ms, so a writer
/// that arrives just after another took the lock (the webhook inbox behind a processing job's commit) often sleeps far
/// longer than the lock is held; this installs a busy handler that retries every millisecond instead, for up to 30 s
/// like the stock timeout (which stays as the fallback if the handler cannot be installed).
/// </para>
/// <para>
/// Once per native connection: Microsoft.Data.Sqlite pools native handles, and both settings live on the handle, so
/// running them on every pooled open (a statement per request) is wasted work. The handle identifies the native
/// connection across pool reuse.
/// </para>
/// </summary>
internal sealed class SqliteBusyTimeoutInterceptor(SqliteSynchronous synchronous) : DbConnectionInterceptor
{
    private const int BusyTimeoutMilliseconds = 30_000;

    /// <summary>Native connections already set up (weak: a handle that is closed for good drops out).</summary>
    private static readonly ConditionalWeakTable<object, object> Prepared = [];
    private static readonly object Marker = new();

    /// <summary>Kept alive for the process: native code holds a pointer to it.</summary>
    private static readonly BusyCallback Busy = OnBusy;

    private static bool busyHandlerUnavailable;

    private readonly string pragma = synchronous == SqliteSynchronous.Normal
        ? "PRAGMA busy_timeout = 30000; PRAGMA synchronous = NORMAL; PRAGMA wal_autocheckpoint = 0;"
        : "PRAGMA busy_timeout = 30000; PRAGMA synchronous = FULL; PRAGMA wal_autocheckpoint = 0;";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => SetUp(connection);

    public override async Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        if (FirstOpen(connection))
        {
            await using var command = connection.CreateCommand();
            command.CommandText = pragma;
            await command.ExecuteNonQueryAsync(cancellationToken);
            InstallBusyHandler(connection);
        }
    }

    /// <summary>Opens a connection outside EF (a long-lived writer's) with EF's connection string, set up like the ones EF opens.</summary>
    public static SqliteConnection OpenPrepared(DatabaseOptions options)
    {
        var connection = new SqliteConnection(options.SqliteConnectionString);
        try
        {
            connection.Open();
            new SqliteBusyTimeoutInterceptor(options.SqliteSynchronous).SetUp(connection);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    private void SetUp(DbConnection connection)
    {
        if (FirstOpen(connection))
        {
            using var command = connection.CreateCommand();
            command.CommandText = pragma;
            command.ExecuteNonQuery();
            InstallBusyHandler(connection);
        }
    }

    private static bool FirstOpen(DbConnection connection)
        => connection is not SqliteConnection { Handle: { } handle } || Prepared.TryAdd(handle, Marker);

    /// <summary>Replaces the stock busy timeout (set by the pragma, which stays if this fails) with a 1 ms retry.</summary>
    private static void InstallBusyHandler(DbConnection connection)
    {
        if (busyHandlerUnavailable || connection is not SqliteConnection { Handle: { } handle })
        {
            return;
        }

        try
        {
            _ = sqlite3_busy_handler(handle.DangerousGetHandle(), Busy, IntPtr.Zero);
        }
        catch (Exception exception) when (exception is DllNotFoundException or EntryPointNotFoundException)
        {
            busyHandlerUnavailable = true;
        }
    }

    /// <summary>Retry (non-zero) after a 1 ms sleep until about the timeout has passed; <paramref name="count"/> is how often it was called for this wait.</summary>
    private static int OnBusy(IntPtr state, int count)
    {
        if (count >= BusyTimeoutMilliseconds)
        {
            return 0;
        }

        Thread.Sleep(1);
        return 1;
    }

    [UnmanagedFunctionPointer(CallingConvention.Cdecl)]
    private delegate int BusyCallback(IntPtr state, int count);

    // The native library Microsoft.Data.Sqlite itself loads (SQLitePCLRaw's bundle); SQLitePCLRaw does not expose this call.
    [DllImport("e_sqlite3", CallingConvention = CallingConvention.Cdecl)]
#pragma warning disable SYSLIB1054 // LibraryImport cannot marshal a delegate; this is the one native call and it is made once per connection.
    private static extern int sqlite3_busy_handler(IntPtr db, BusyCallback callback, IntPtr state);
#pragma warning restore SYSLIB1054
}
