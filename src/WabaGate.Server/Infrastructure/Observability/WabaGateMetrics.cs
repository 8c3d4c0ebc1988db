using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace WabaGate.Server.Infrastructure.Observability;

/// <summary>
/// The gateway's instruments (meter <c>WabaGate</c>), a singleton features inject and call. Every label must
/// come from a small fixed set (route templates, message types, stable error codes) — never ids, phone numbers
/// or raw paths; the Prometheus renderer caps series per instrument anyway.
/// </summary>
internal sealed class WabaGateMetrics
{
    public const string MeterName = WabaGateTelemetry.Name;

    /// <summary>Latency buckets in seconds, shared by the HTTP histogram and the Prometheus renderer's default.</summary>
    internal static readonly IReadOnlyList<double> DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly Counter<long> httpRequests;
    private readonly Histogram<double> httpDuration;
    private readonly Counter<long> webhooksReceived;
    private readonly Counter<long> webhooksProcessed;
    private readonly Counter<long> webhooksFailed;
    private readonly Counter<long> messagesSent;
    private readonly Counter<long> messagesFailed;

    public WabaGateMetrics(IMeterFactory meterFactory, IQueueStatsProvider queueStats, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(MeterName);
        httpRequests = meter.CreateCounter<long>("wabagate.http.requests", "{request}", "HTTP requests by route template, method and status class.");
        httpDuration = meter.CreateHistogram("wabagate.http.request.duration", "s", "HTTP request duration by route template, method and status class.",
            tags: null, advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        webhooksReceived = meter.CreateCounter<long>("wabagate.webhooks.received", "{delivery}", "Meta webhook deliveries accepted (signature valid, stored).");
        webhooksProcessed = meter.CreateCounter<long>("wabagate.webhooks.processed", "{delivery}", "Webhook deliveries processed successfully.");
        webhooksFailed = meter.CreateCounter<long>("wabagate.webhooks.failed", "{delivery}", "Webhook deliveries whose processing failed, by reason.");
        messagesSent = meter.CreateCounter<long>("wabagate.messages.sent", "{message}", "Messages accepted by Meta, by type.");
        messagesFailed = meter.CreateCounter<long>("wabagate.messages.failed", "{message}", "Messages that failed permanently, by type and reason.");
        meter.CreateObservableGauge("wabagate.jobs.queue.depth", () => queueStats.Snapshot().Select(q => new Measurement<long>(q.Depth, Queue(q))),
            "{job}", "Jobs waiting to run, by queue.");
        meter.CreateObservableGauge("wabagate.jobs.oldest.age", () => OldestAge(queueStats, time), "s", "Age of the oldest waiting job, by queue.");
    }

    /// <summary>Called by the request telemetry middleware; features need not call it.</summary>
    public void RecordHttpRequest(string route, string method, int statusCode, TimeSpan elapsed)
    {
        var tags = new TagList { { "http.route", route }, { "http.request.method", method }, { "http.response.status_class", StatusClass(statusCode) } };
        httpRequests.Add(1, tags);
        httpDuration.Record(elapsed.TotalSeconds, tags);
    }

    /// <summary>A delivery passed the signature check and was stored.</summary>
    public void WebhookReceived() => webhooksReceived.Add(1);

    public void WebhookProcessed() => webhooksProcessed.Add(1);

    /// <param name="reason">A stable snake_case reason (e.g. <c>parse_error</c>, <c>unknown_phone_number</c>).</param>
    public void WebhookFailed(string reason) => webhooksFailed.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <param name="messageType">The API message type (<c>text</c>, <c>template</c>, <c>image</c>…).</param>
    public void MessageSent(string messageType) => messagesSent.Add(1, new KeyValuePair<string, object?>("type", messageType));

    /// <param name="messageType">The API message type.</param>
    /// <param name="reason">A stable snake_case reason or Meta error code as text (bounded set).</param>
    public void MessageFailed(string messageType, string reason)
        => messagesFailed.Add(1, new KeyValuePair<string, object?>("type", messageType), new KeyValuePair<string, object?>("reason", reason));

    internal static string StatusClass(int statusCode) => statusCode switch
    {
        >= 100 and < 200 => "1xx",
        < 300 => "2xx",
        < 400 => "3xx",
        < 500 => "4xx",
        < 600 => "5xx",
        _ => "other",
    };

    private static KeyValuePair<string, object?> Queue(QueueStats stats) => new("queue", stats.Queue);

    private static IEnumerable<Measurement<double>> OldestAge(IQueueStatsProvider provider, TimeProvider time)
    {
        var now = time.GetUtcNow();
        foreach (var queue in provider.Snapshot())
        {
            var age = queue.OldestEnqueuedAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : 0;
            yield return new Measurement<double>(age, Queue(queue));
        }
    }
}
