using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Text;

namespace WabaGate.Server.Infrastructure.Observability;

/// <summary>
/// Aggregates the gateway's instruments in memory for <c>/metrics</c>: a <see cref="MeterListener"/> on the
/// <c>WabaGate</c> meter and ASP.NET Core's hosting meter, limited to meters of this host's
/// <see cref="IMeterFactory"/> (so several hosts in one process — tests — never mix). Counters sum,
/// histograms use fixed buckets (advice, else <see cref="WabaGateMetrics.DurationBuckets"/>), gauges keep
/// the last value; observable instruments are read at scrape time.
/// </summary>
internal sealed class PrometheusCollector : IDisposable
{
    private static readonly HashSet<string> MeterNames = [WabaGateMetrics.MeterName, "Microsoft.AspNetCore.Hosting"];

    private readonly MeterListener listener = new();
    private readonly ConcurrentDictionary<Instrument, InstrumentSeries> instruments = new();
    private readonly Lock scrapeGate = new();
    private readonly IMeterFactory meterFactory;

    public PrometheusCollector(IMeterFactory meterFactory)
    {
        this.meterFactory = meterFactory;
        listener.InstrumentPublished = OnPublished;
        listener.MeasurementsCompleted = (instrument, _) => instruments.TryRemove(instrument, out InstrumentSeries? _);
        listener.SetMeasurementEventCallback<long>((i, v, t, s) => ((InstrumentSeries)s!).Record(v, t));
        listener.SetMeasurementEventCallback<int>((i, v, t, s) => ((InstrumentSeries)s!).Record(v, t));
        listener.SetMeasurementEventCallback<short>((i, v, t, s) => ((InstrumentSeries)s!).Record(v, t));
        listener.SetMeasurementEventCallback<byte>((i, v, t, s) => ((InstrumentSeries)s!).Record(v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, s) => ((InstrumentSeries)s!).Record(v, t));
        listener.SetMeasurementEventCallback<float>((i, v, t, s) => ((InstrumentSeries)s!).Record(v, t));
        listener.SetMeasurementEventCallback<decimal>((i, v, t, s) => ((InstrumentSeries)s!).Record((double)v, t));
        listener.Start();
    }

    /// <summary>Collects observable instruments and renders everything in the Prometheus text format.</summary>
    public string Render()
    {
        lock (scrapeGate)
        {
            foreach (var observable in instruments.Values.Where(i => i.IsObservable))
            {
                observable.Clear();
            }

            listener.RecordObservableInstruments();
            var text = new StringBuilder();
            foreach (var instrument in instruments.Values.OrderBy(i => i.Instrument.Meter.Name, StringComparer.Ordinal).ThenBy(i => i.Instrument.Name, StringComparer.Ordinal))
            {
                PrometheusText.Write(text, instrument);
            }

            return text.ToString();
        }
    }

    public void Dispose() => listener.Dispose();

    private void OnPublished(Instrument instrument, MeterListener source)
    {
        if (!MeterNames.Contains(instrument.Meter.Name) || !ReferenceEquals(instrument.Meter.Scope, meterFactory) || Kind(instrument) is not { } kind)
        {
            return;
        }

        var definition = instrument.GetType().GetGenericTypeDefinition();
        var accumulates = definition == typeof(Counter<>) || definition == typeof(UpDownCounter<>);
        var series = new InstrumentSeries(instrument, kind, accumulates, kind == MetricKind.Histogram ? Buckets(instrument) : []);
        instruments[instrument] = series;
        source.EnableMeasurementEvents(instrument, series);
    }

    private static MetricKind? Kind(Instrument instrument)
    {
        var type = instrument.GetType();
        if (!type.IsGenericType)
        {
            return null;
        }

        var definition = type.GetGenericTypeDefinition();
        if (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>))
        {
            return MetricKind.Counter;
        }

        if (definition == typeof(Histogram<>))
        {
            return MetricKind.Histogram;
        }

        return definition == typeof(UpDownCounter<>) || definition == typeof(ObservableUpDownCounter<>)
            || definition == typeof(ObservableGauge<>) || definition == typeof(Gauge<>)
            ? MetricKind.Gauge
            : null;
    }

    private static double[] Buckets(Instrument instrument) => instrument switch
    {
        Histogram<double> { Advice.HistogramBucketBoundaries: { Count: > 0 } b } => [.. b],
        Histogram<long> { Advice.HistogramBucketBoundaries: { Count: > 0 } b } => [.. b.Select(x => (double)x)],
        Histogram<int> { Advice.HistogramBucketBoundaries: { Count: > 0 } b } => [.. b.Select(x => (double)x)],
        _ => [.. WabaGateMetrics.DurationBuckets],
    };
}
