using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace WabaGate.Server.Infrastructure.Observability;

internal enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>
/// The aggregated series of one instrument, keyed by their rendered Prometheus label set. At most
/// <see cref="MaxSeries"/> label sets are kept; further ones fold into one <c>otel_metric_overflow="true"</c>
/// series, so a careless label cannot grow memory without bound.
/// </summary>
internal sealed class InstrumentSeries(Instrument instrument, MetricKind kind, bool accumulates, double[] buckets)
{
    public const int MaxSeries = 1000;
    private const string OverflowLabels = "otel_metric_overflow=\"true\"";

    private readonly ConcurrentDictionary<string, SeriesValue> series = new(StringComparer.Ordinal);

    public Instrument Instrument { get; } = instrument;

    public MetricKind Kind { get; } = kind;

    public double[] Buckets { get; } = buckets;

    /// <summary>Observable instruments report absolute values on each collection.</summary>
    public bool IsObservable => Instrument.IsObservable;

    public IEnumerable<KeyValuePair<string, SeriesValue>> Snapshot() => series.OrderBy(s => s.Key, StringComparer.Ordinal);

    public void Clear() => series.Clear();

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = Labels(tags);
        if (!series.TryGetValue(labels, out var target))
        {
            target = series.Count >= MaxSeries ? series.GetOrAdd(OverflowLabels, _ => new SeriesValue(Buckets.Length)) : series.GetOrAdd(labels, _ => new SeriesValue(Buckets.Length));
        }

        switch (Kind)
        {
            case MetricKind.Histogram:
                target.Observe(value, Buckets);
                break;
            case MetricKind.Counter or MetricKind.Gauge when accumulates && !IsObservable:
                target.Add(value);
                break;
            default:
                target.Set(value);
                break;
        }
    }

    private static string Labels(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.IsEmpty)
        {
            return string.Empty;
        }

        var pairs = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            pairs[i] = new(PrometheusText.Name(tags[i].Key), Convert.ToString(tags[i].Value, CultureInfo.InvariantCulture) ?? string.Empty);
        }

        Array.Sort(pairs, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        var text = new StringBuilder();
        foreach (var (key, value) in pairs)
        {
            text.Append(text.Length == 0 ? string.Empty : ",").Append(key).Append("=\"");
            PrometheusText.AppendEscaped(text, value);
            text.Append('"');
        }

        return text.ToString();
    }
}

/// <summary>One series: a sum/last value, or histogram bucket counts with sum and count.</summary>
internal sealed class SeriesValue(int buckets)
{
    private readonly Lock gate = new();
    private readonly long[] bucketCounts = new long[buckets + 1];
    private double value;
    private long count;

    public void Add(double amount)
    {
        lock (gate)
        {
            value += amount;
        }
    }

    public void Set(double amount)
    {
        lock (gate)
        {
            value = amount;
        }
    }

    public void Observe(double amount, double[] bounds)
    {
        var index = Array.BinarySearch(bounds, amount);
        index = index < 0 ? ~index : index;
        lock (gate)
        {
            bucketCounts[index]++;
            value += amount;
            count++;
        }
    }

    /// <summary>(sum or value, count, non-cumulative bucket counts with +Inf last).</summary>
    public (double Value, long Count, long[] Buckets) Read()
    {
        lock (gate)
        {
            return (value, count, (long[])bucketCounts.Clone());
        }
    }
}
