using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Infrastructure.Observability;

namespace WabaGate.Server.Tests.Infrastructure;

public sealed class MetricsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Metrics_render_request_counters_by_route_template()
    {
        await using var gateway = await TestGateway.CreateAsync();
        var client = gateway.CreateClient();
        await client.GetAsync(new Uri("/health/live", UriKind.Relative), Ct);
        await client.GetAsync(new Uri("/health/live", UriKind.Relative), Ct);
        await client.GetAsync(new Uri("/no/such/path/123?access_token=x", UriKind.Relative), Ct);

        var response = await client.GetAsync(new Uri("/metrics", UriKind.Relative), Ct);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync(Ct);

        Assert.Contains("# TYPE wabagate_http_requests_total counter", text, StringComparison.Ordinal);
        Assert.Contains("wabagate_http_requests_total{http_request_method=\"GET\",http_response_status_class=\"2xx\",http_route=\"/health/live\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("http_route=\"(unmatched)\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("/no/such/path", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE wabagate_http_request_duration_seconds histogram", text, StringComparison.Ordinal);
        Assert.Contains("wabagate_http_request_duration_seconds_bucket{http_request_method=\"GET\",http_response_status_class=\"2xx\",http_route=\"/health/live\",le=\"+Inf\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("wabagate_http_request_duration_seconds_count{", text, StringComparison.Ordinal);
        Assert.Contains("http_server_request_duration_seconds_bucket{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Feature_counters_and_queue_gauges_are_exposed()
    {
        var queue = new FakeQueueStats();
        await using var gateway = await TestGateway.CreateAsync(configure: b => b.ConfigureServices(s => s.AddSingleton<IQueueStatsProvider>(queue)));
        var metrics = gateway.Services.GetRequiredService<WabaGateMetrics>();
        metrics.MessageSent("text");
        metrics.MessageSent("text");
        metrics.MessageFailed("template", "template_not_approved");
        metrics.WebhookReceived();
        metrics.WebhookProcessed();
        metrics.WebhookFailed("parse_error");
        queue.Stats = [new QueueStats("message.send", 7, DateTimeOffset.UtcNow.AddSeconds(-30))];

        var text = await gateway.CreateClient().GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);

        Assert.Contains("wabagate_messages_sent_total{type=\"text\"} 2", text, StringComparison.Ordinal);
        Assert.Contains("wabagate_messages_failed_total{reason=\"template_not_approved\",type=\"template\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("wabagate_webhooks_received_total 1", text, StringComparison.Ordinal);
        Assert.Contains("wabagate_webhooks_processed_total 1", text, StringComparison.Ordinal);
        Assert.Contains("wabagate_webhooks_failed_total{reason=\"parse_error\"} 1", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE wabagate_jobs_queue_depth gauge", text, StringComparison.Ordinal);
        Assert.Contains("wabagate_jobs_queue_depth{queue=\"message.send\"} 7", text, StringComparison.Ordinal);
        Assert.Matches(@"wabagate_jobs_oldest_age_seconds\{queue=""message.send""\} (29|3\d)\.?", text);

        queue.Stats = [];
        var after = await gateway.CreateClient().GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);
        Assert.DoesNotContain("wabagate_jobs_queue_depth{", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Hosts_in_one_process_do_not_see_each_others_measurements()
    {
        await using var first = await TestGateway.CreateAsync();
        await using var second = await TestGateway.CreateAsync();
        first.Services.GetRequiredService<WabaGateMetrics>().MessageSent("isolation_probe");
        var text = await second.CreateClient().GetStringAsync(new Uri("/metrics", UriKind.Relative), Ct);
        Assert.DoesNotContain("isolation_probe", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Label_sets_beyond_the_cap_fold_into_one_overflow_series()
    {
        using var meter = new Meter("cap-test");
        var counter = meter.CreateCounter<long>("cap.test");
        var series = new InstrumentSeries(counter, MetricKind.Counter, accumulates: true, []);
        for (var i = 0; i < InstrumentSeries.MaxSeries + 500; i++)
        {
            series.Record(1, [new("id", i)]);
        }

        var all = series.Snapshot().ToList();
        Assert.Equal(InstrumentSeries.MaxSeries + 1, all.Count);
        Assert.Equal(500, all.Single(s => s.Key.Contains("overflow", StringComparison.Ordinal)).Value.Read().Value);
    }

    [Theory]
    [InlineData("wabagate.http.request.duration", "s", "Histogram", "wabagate_http_request_duration_seconds")]
    [InlineData("wabagate.messages.sent", "{message}", "Counter", "wabagate_messages_sent_total")]
    [InlineData("http.server.active_requests", "{request}", "Gauge", "http_server_active_requests")]
    public void Names_follow_prometheus_conventions(string instrument, string unit, string kind, string expected)
        => Assert.Equal(expected, PrometheusText.MetricName(instrument, unit, Enum.Parse<MetricKind>(kind)));

    private sealed class FakeQueueStats : IQueueStatsProvider
    {
        public IReadOnlyCollection<QueueStats> Stats { get; set; } = [];

        public IReadOnlyCollection<QueueStats> Snapshot() => Stats;
    }
}
