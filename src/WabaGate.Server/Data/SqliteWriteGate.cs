using Microsoft.Extensions.Options;

namespace WabaGate.Server.Data;

/// <summary>
/// SQLite has one writer, and its lock is not fair: a waiting writer polls, and whoever polls first after a commit
/// wins. With several webhook processing batches waiting for the lock, the inbox — whose commit is what a caller
/// waits for before its 200 — lost most of those races and its latency grew to seconds. This in-process gate puts
/// them in order on the one node SQLite runs on: background writers (processing batches) take turns through it, and
/// step aside whenever the inbox is waiting, so the inbox waits for at most the one batch that is writing.
/// Writers that do not use the gate (API requests, other jobs) still meet at SQLite's own lock, as before.
/// </summary>
internal sealed class SqliteWriteGate(IOptions<DatabaseOptions> options) : IDisposable
{
    private readonly SemaphoreSlim gate = new(1, 1);
    private int urgent;

    /// <summary>A background writer's turn on <paramref name="db"/>'s connection, committing without an fsync (see <see cref="SqliteBackgroundWrite"/>).</summary>
    public Task<SqliteBackgroundWrite> BeginBackgroundWriteAsync(AppDbContext db, CancellationToken cancellationToken)
        => SqliteBackgroundWrite.BeginAsync(db, this, options.Value.SqliteSynchronous, cancellationToken);

    /// <summary>Enters ahead of every background writer (blocking: the inbox's writer has a thread of its own).</summary>
    public void EnterUrgent()
    {
        Interlocked.Increment(ref urgent);
        try
        {
            gate.Wait();
        }
        finally
        {
            Interlocked.Decrement(ref urgent);
        }
    }

    /// <summary>Enters as a background writer, after any urgent writer that is waiting; dispose the lease to leave.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await gate.WaitAsync(cancellationToken);
            if (Volatile.Read(ref urgent) == 0)
            {
                return new Lease(this);
            }

            gate.Release();
            await Task.Delay(1, cancellationToken);
        }
    }

    public void Exit() => gate.Release();

    public void Dispose() => gate.Dispose();

    private sealed class Lease(SqliteWriteGate owner) : IDisposable
    {
        private int released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref released, 1) == 0)
            {
                owner.Exit();
            }
        }
    }
}
