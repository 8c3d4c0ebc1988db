using Microsoft.Extensions.Options;
using Npgsql;

namespace WabaGate.Server.Data;

/// <summary>
/// PostgreSQL only: listens on <c>wabagate_routes</c> (announced by a trigger on <c>connections</c>, see the
/// <c>RouteNotifications</c> migration) and empties this node's <see cref="WabaRouteCache"/> when another node — or
/// anything else — changed a connection. It also empties the cache whenever it (re)connects, since notifications sent
/// while it was away are lost; the cache's time-to-live bounds that gap.
/// </summary>
internal sealed partial class PostgresRouteListener(WabaRouteCache routes, IOptions<DatabaseOptions> options, ILogger<PostgresRouteListener> logger)
    : BackgroundService
{
    public const string Channel = "wabagate_routes";

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
                connection.Notification += (_, _) => routes.Invalidate();
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

                routes.Invalidate();
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
                routes.Invalidate();
                Log.ListenFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1100, Level = LogLevel.Warning, Message = "Routing cache listener lost its connection; reconnecting")]
        public static partial void ListenFailed(ILogger logger, Exception exception);
    }
}
