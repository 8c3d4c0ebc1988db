using System.Text;
using System.Threading.Channels;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using WabaGate.Graph.Webhooks;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Webhooks;

/// <summary>
/// Meta's webhook sender: a bounded queue drained by one loop that serializes payloads in Meta's wire form,
/// signs the raw bytes with the app secret, POSTs them, and retries non-2xx answers with exponential backoff.
/// On request it batches, duplicates and reorders deliveries.
/// </summary>
internal sealed partial class WebhookDispatcher(
    SimulatorState state,
    WebhookTargets targets,
    WebhookBehaviorHolder behavior,
    WebhookHttp http,
    ILogger<WebhookDispatcher> logger) : BackgroundService
{
    private readonly Channel<WebhookEvent> _queue = Channel.CreateBounded<WebhookEvent>(
        new BoundedChannelOptions(Math.Max(16, state.Options.WebhookQueueCapacity)) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });

    private CancellationToken _stopping;
    private long _deliveryCounter;

    public void Enqueue(WebhookEvent e)
    {
        if (!_queue.Writer.TryWrite(e))
        {
            state.LogDelivery(new WebhookDeliveryAttempt("dropped", 0, null, [e.Field], null, "dropped: webhook queue full", state.Now, "", ""));
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        var reader = _queue.Reader;
        try
        {
            while (await reader.WaitToReadAsync(stoppingToken))
            {
                var events = new List<WebhookEvent>();
                while (reader.TryRead(out var e)) events.Add(e);
                var mode = behavior.Current;
                if (mode.Gathers) await GatherAsync(events, mode, stoppingToken);
                foreach (var delivery in Plan(events, mode))
                {
                    if (!await AttemptAsync(delivery, 1, stoppingToken)) _ = RetryAsync(delivery);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // shutting down
        }
    }

    private async Task GatherAsync(List<WebhookEvent> events, WebhookBehavior mode, CancellationToken ct)
    {
        var target = mode.BatchSize > 1 ? mode.BatchSize : Math.Max(2, mode.ReorderGroupSize);
        using var window = new CancellationTokenSource(mode.GatherWindow, state.Options.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, window.Token);
        try
        {
            while (events.Count < target && await _queue.Reader.WaitToReadAsync(linked.Token))
            {
                while (events.Count < target && _queue.Reader.TryRead(out var e)) events.Add(e);
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // window elapsed: send what was gathered
        }
    }

    private List<Delivery> Plan(List<WebhookEvent> events, WebhookBehavior mode)
    {
        var routed = new List<(string Url, WebhookEvent Event)>();
        foreach (var e in events)
        {
            var (url, skip) = targets.Resolve(e);
            if (url is null)
            {
                var body = MetaJson.Serialize(WebhookPayloads.Envelope([e]));
                state.LogDelivery(new WebhookDeliveryAttempt(NextId(), 0, null, [e.Field], null, skip, state.Now, body, ""));
                continue;
            }

            routed.Add((url, e));
        }

        var deliveries = new List<Delivery>();
        var batch = Math.Max(1, mode.BatchSize);
        foreach (var group in routed.GroupBy(r => r.Url, StringComparer.Ordinal))
        {
            foreach (var chunk in group.Chunk(batch)) deliveries.Add(CreateDelivery(group.Key, [.. chunk.Select(c => c.Event)]));
        }

        if (mode.Reorder) deliveries.Reverse();
        if (mode.Duplicate) deliveries = [.. deliveries.SelectMany(d => new[] { d, d with { Id = d.Id + "-dup" } })];
        return deliveries;
    }

    private Delivery CreateDelivery(string url, List<WebhookEvent> events)
    {
        var bytes = MetaJson.SerializeToBytes(WebhookPayloads.Envelope(events));
        var signature = WebhookSignature.Compute(bytes, state.Options.AppSecret);
        return new Delivery(NextId(), url, bytes, signature, [.. events.Select(e => e.Field).Distinct()], state.Now);
    }

    private string NextId() => "d" + Interlocked.Increment(ref _deliveryCounter).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private async Task<bool> AttemptAsync(Delivery d, int attempt, CancellationToken ct)
    {
        int? status = null;
        string? error = null;
        try
        {
            using var content = new ByteArrayContent(d.Body);
            content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, d.Url) { Content = content };
            request.Headers.TryAddWithoutValidation(WebhookSignature.HeaderName, d.Signature);
            using var response = await http.Client.SendAsync(request, ct);
            status = (int)response.StatusCode;
            if (!response.IsSuccessStatusCode) error = "receiver answered " + status;
        }
        catch (HttpRequestException ex)
        {
            error = ex.Message;
        }
        catch (TaskCanceledException) when (!ct.IsCancellationRequested)
        {
            error = "timed out";
        }

        state.LogDelivery(new WebhookDeliveryAttempt(d.Id, attempt, d.Url, d.Fields, status, error, state.Now, Encoding.ASCII.GetString(d.Body), d.Signature));
        if (error is not null) LogFailed(d.Id, attempt, error);
        return error is null;
    }

    private async Task RetryAsync(Delivery d)
    {
        var options = state.Options;
        var delay = options.WebhookRetryInitialDelay;
        try
        {
            for (var attempt = 2; attempt <= options.WebhookMaxAttempts; attempt++)
            {
                if (state.Now + delay - d.FirstAttemptAt > options.WebhookRetryWindow) break;
                await Task.Delay(delay, options.TimeProvider, _stopping);
                if (await AttemptAsync(d, attempt, _stopping)) return;
                delay = TimeSpan.FromTicks(Math.Min(options.WebhookRetryMaxDelay.Ticks, (long)(delay.Ticks * Math.Max(1, options.WebhookRetryBackoffFactor))));
            }

            LogGaveUp(d.Id);
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            // shutting down
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Simulated webhook delivery {DeliveryId} attempt {Attempt} failed: {Error}")]
    private partial void LogFailed(string deliveryId, int attempt, string error);

    [LoggerMessage(Level = LogLevel.Information, Message = "Simulated webhook delivery {DeliveryId} dropped after its retries")]
    private partial void LogGaveUp(string deliveryId);

    private sealed record Delivery(string Id, string Url, byte[] Body, string Signature, string[] Fields, DateTimeOffset FirstAttemptAt);
}
