using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Options;
using Npgsql;
using WabaGate.Server.Data;

namespace WabaGate.Server.Features.Inbox;

/// <summary>
/// Live updates across nodes on PostgreSQL: publishing is a <c>NOTIFY</c> (after the change's commit, so every node
/// that hears it can read the change), and one <c>LISTEN</c> connection per node hands what it hears to that node's
/// subscribers. A notification carries the event's JSON when it fits PostgreSQL's 8000-byte payload limit; a larger
/// one carries only the resource id and <c>truncated: true</c>, and clients read the resource from the API.
/// </summary>
internal sealed partial class PostgresLiveEvents : BackgroundService, ILiveEvents
{
    private const string Channel = "wabagate_live";
    private const int MaxPayloadBytes = 7900;

    /// <summary>Most notifications per round trip (they are small; this bounds one statement batch).</summary>
    private const int MaxBatch = 64;

    private readonly InProcessLiveEvents local;
    private readonly IOptions<DatabaseOptions> options;
    private readonly ILogger<PostgresLiveEvents> logger;
    private readonly Lazy<NpgsqlDataSource> dataSource;
    private readonly GroupCommitQueue<string, bool> notifications;

    public PostgresLiveEvents(InProcessLiveEvents local, IOptions<DatabaseOptions> options, ILogger<PostgresLiveEvents> logger)
    {
        (this.local, this.options, this.logger) = (local, options, logger);
        // Publishing has one writer at a time (the queue's); listening has a connection of its own.
        dataSource = new(() => DatabaseServiceCollectionExtensions.AutoPreparedDataSource(options.Value.PostgresConnectionString!, maxPoolSize: 1));
        notifications = new GroupCommitQueue<string, bool>("live updates", MaxBatch, NotifyAsync, logger);
    }

    /// <summary>
    /// Concurrent publishers share a round trip: what was published while the previous batch was out goes as one
    /// statement batch (one implicit transaction, so listeners hear its events in order once it ends).
    /// </summary>
    public async ValueTask PublishAsync(Guid orgId, string type, object data, CancellationToken cancellationToken = default)
    {
        var payload = Encode(InProcessLiveEvents.Create(orgId, type, data));
        try
        {
            await notifications.CommitAsync(payload).WaitAsync(cancellationToken);
        }
        catch (NpgsqlException exception)
        {
            // Live updates are best effort (the API is the record): a failed notify never fails the work that caused it.
            Log.NotifyFailed(logger, exception);
        }
    }

    private async Task<bool[]> NotifyAsync(IReadOnlyList<string> payloads)
    {
        await using var batch = dataSource.Value.CreateBatch();
        foreach (var payload in payloads)
        {
            var command = new NpgsqlBatchCommand("SELECT pg_notify($1, $2)");
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = Channel });
            command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = payload });
            batch.BatchCommands.Add(command);
        }

        await batch.ExecuteNonQueryAsync();
        return new bool[payloads.Count];
    }

    public IAsyncEnumerable<LiveEvent> SubscribeAsync(Guid orgId, Guid? lastEventId, CancellationToken cancellationToken)
        => local.SubscribeAsync(orgId, lastEventId, cancellationToken);

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
                connection.Notification += (_, e) =>
                {
                    if (Decode(e.Payload) is { } liveEvent)
                    {
                        local.Deliver(liveEvent);
                    }
                };
                await using (var listen = new NpgsqlCommand($"LISTEN {Channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }

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
                // Events published while the listener is down are missed; clients re-read the API after reconnecting.
                Log.ListenFailed(logger, exception);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }
    }

    public override void Dispose()
    {
        if (dataSource.IsValueCreated)
        {
            dataSource.Value.Dispose();
        }

        base.Dispose();
    }

    internal static string Encode(LiveEvent liveEvent)
    {
        var (data, orgId, type) = (liveEvent.Data, liveEvent.OrgId, liveEvent.Type);
        var payload = JsonSerializer.Serialize(new { i = liveEvent.Id, o = orgId, t = type, d = data });
        if (Encoding.UTF8.GetByteCount(payload) <= MaxPayloadBytes)
        {
            return payload;
        }

        var id = data.ValueKind == JsonValueKind.Object && data.TryGetProperty("id", out var value) ? value.ToString() : null;
        return JsonSerializer.Serialize(new { i = liveEvent.Id, o = orgId, t = type, d = new JsonObject { ["id"] = id, ["truncated"] = true } });
    }

    internal static LiveEvent? Decode(string payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            var root = document.RootElement;
            // A node of an older version sends no id: the event gets one here (it then cannot be resumed across nodes).
            var id = root.TryGetProperty("i", out var i) ? i.GetGuid() : Guid.CreateVersion7();
            return new LiveEvent(id, root.GetProperty("o").GetGuid(), root.GetProperty("t").GetString()!, root.GetProperty("d").Clone());
        }
        catch (Exception exception) when (exception is JsonException or KeyNotFoundException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 4200, Level = LogLevel.Warning, Message = "Live update could not be published")]
        public static partial void NotifyFailed(ILogger logger, Exception exception);

        [LoggerMessage(EventId = 4201, Level = LogLevel.Warning, Message = "Live update listener lost its connection; reconnecting")]
        public static partial void ListenFailed(ILogger logger, Exception exception);
    }
}
