using Microsoft.Extensions.Options;
using Npgsql;

namespace WabaGate.Server.Data;

/// <summary>
/// PostgreSQL only: listens on <c>wabagate_reference</c> (announced by triggers on the tables
/// <see cref="ReferenceCache"/> reads, see the <c>ReferenceNotifications</c> migration) and empties this node's cache
/// when another node — or anything else — changed them. It also empties the cache whenever it (re)connects, since
/// notifications sent while it was away are lost; the cache's time-to-live bounds that gap.
/// </summary>
internal sealed partial class PostgresReferenceListener(ReferenceCache cache, IOptions<DatabaseOptions> options, ILogger<PostgresReferenceListener> logger)
    : BackgroundService
{
    public const string Channel = "wabagate_reference";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (options.Value.Provider != DatabaseProvider.Postgres)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = new NpgsqlConnection(options.Value.PostgresConnectionString);
                await connection.OpenAsync(stoppingToken);
                connection.Notification += (_, _) => cache.Invalidate();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                cache.Invalidate();
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                cache.Invalidate();
                Log.ListenFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Reference cache listener lost its connection; reconnecting")]
        public static partial void ListenFailed(ILogger logger, Exception exception);
    }
}
