using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Npgsql;
using WabaGate.Server.Data;

namespace WabaGate.Server.Features.Messaging.Dispatch;

/// <summary>
/// Makes exactly one node the dispatcher of each phone number, so its in-memory <see cref="ThroughputLimiter"/> is
/// the number's rate cluster-wide. On PostgreSQL: a session advisory lock per number, all held on one dedicated
/// connection of this node (released when the node stops, crashes, or has not sent from the number for
/// <see cref="IdleRelease"/>, so another node can take over). A node that does not hold a number's lock hands the
/// send back to the queue for the holder. SQLite is a single node: every number is always held.
/// </summary>
internal sealed class DispatchLeases(IOptions<DatabaseOptions> database, TimeProvider clock, ILogger<DispatchLeases> logger) : IAsyncDisposable
{
    /// <summary>The first key of every WabaGate dispatch lock (the second is derived from the phone number's row id).</summary>
    private const int LockSpace = 0x5741_4247; // "WABG"

    public static readonly TimeSpan IdleRelease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan RefusedFor = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(2);

    private readonly SemaphoreSlim gate = new(1, 1);
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> held = new();
    private readonly ConcurrentDictionary<Guid, DateTimeOffset> refusedUntil = new();
    private NpgsqlConnection? connection;
    private DateTimeOffset checkedAt;

    private bool Postgres => database.Value.Provider == DatabaseProvider.Postgres;

    /// <summary>Whether this node is (or has just become) the dispatcher of <paramref name="phoneRowId"/>.</summary>
    public async ValueTask<bool> TryHoldAsync(Guid phoneRowId, CancellationToken ct)
    {
        if (!Postgres)
        {
            return true;
        }

        var now = clock.GetUtcNow();
        if (now - checkedAt > CheckEvery)
        {
            await MaintainAsync(now, ct);
        }

        if (held.ContainsKey(phoneRowId))
        {
            held[phoneRowId] = now;
            return true;
        }

        if (refusedUntil.TryGetValue(phoneRowId, out var until) && until > now)
        {
            return false;
        }

        await gate.WaitAsync(ct);
        try
        {
            if (held.ContainsKey(phoneRowId))
            {
                return true;
            }

            var open = await OpenAsync(ct);
            await using var command = new NpgsqlCommand("SELECT pg_try_advisory_lock($1, $2)", open);
            command.Parameters.AddWithValue(LockSpace);
            command.Parameters.AddWithValue(Key(phoneRowId));
            var acquired = (bool)(await command.ExecuteScalarAsync(ct))!;
            if (acquired)
            {
                held[phoneRowId] = now;
                refusedUntil.TryRemove(phoneRowId, out _);
                MessagingLog.DispatcherAcquired(logger, phoneRowId);
            }
            else
            {
                refusedUntil[phoneRowId] = now + RefusedFor;
                if (refusedUntil.Count > 10_000)
                {
                    refusedUntil.Clear();
                }
            }

            return acquired;
        }
        catch (NpgsqlException exception)
        {
            MessagingLog.DispatcherConnectionLost(logger, exception);
            await ResetAsync();
            return false;
        }
        finally
        {
            gate.Release();
        }
    }

    /// <summary>Checks the lock connection is alive (else every lock is gone) and releases numbers idle for <see cref="IdleRelease"/>.</summary>
    private async Task MaintainAsync(DateTimeOffset now, CancellationToken ct)
    {
        await gate.WaitAsync(ct);
        try
        {
            if (now - checkedAt <= CheckEvery)
            {
                return;
            }

            checkedAt = now;
            if (connection is null)
            {
                return;
            }

            foreach (var (phone, lastUsed) in held)
            {
                if (now - lastUsed > IdleRelease)
                {
                    await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock($1, $2)", connection);
                    unlock.Parameters.AddWithValue(LockSpace);
                    unlock.Parameters.AddWithValue(Key(phone));
                    await unlock.ExecuteScalarAsync(ct);
                    held.TryRemove(phone, out _);
                    MessagingLog.DispatcherReleased(logger, phone);
                }
            }

            await using var ping = new NpgsqlCommand("SELECT 1", connection);
            await ping.ExecuteScalarAsync(ct);
        }
        catch (NpgsqlException exception)
        {
            MessagingLog.DispatcherConnectionLost(logger, exception);
            await ResetAsync();
        }
        finally
        {
            gate.Release();
        }
    }

    private async Task<NpgsqlConnection> OpenAsync(CancellationToken ct)
    {
        if (connection is { State: System.Data.ConnectionState.Open })
        {
            return connection;
        }

        await ResetAsync();

        // Not pooled: the locks live exactly as long as this physical session.
        var builder = new NpgsqlConnectionStringBuilder(database.Value.PostgresConnectionString) { Pooling = false, ApplicationName = "wabagate-dispatch" };
        connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync(ct);
        return connection;
    }

    private async Task ResetAsync()
    {
        held.Clear();
        if (connection is not null)
        {
            await connection.DisposeAsync();
            connection = null;
        }
    }

    private static int Key(Guid phoneRowId)
    {
        Span<byte> bytes = stackalloc byte[16];
        phoneRowId.TryWriteBytes(bytes);
        return BitConverter.ToInt32(bytes[..4]) ^ BitConverter.ToInt32(bytes[4..8]) ^ BitConverter.ToInt32(bytes[8..12]) ^ BitConverter.ToInt32(bytes[12..]);
    }

    public async ValueTask DisposeAsync()
    {
        await ResetAsync();
        gate.Dispose();
    }
}
