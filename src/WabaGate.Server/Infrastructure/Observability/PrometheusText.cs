using System.Globalization;
using System.Text;

namespace WabaGate.Server.Infrastructure.Observability;

/// <summary>Prometheus text exposition format 0.0.4: names, escaping, numbers and one instrument's block.</summary>
internal static class PrometheusText
{
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    public static string Name(string name)
    {
        var text = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            text.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or ':' ? c : '_');
        }

        if (text.Length == 0 || char.IsAsciiDigit(text[0]))
        {
            text.Insert(0, '_');
        }

        return text.ToString();
    }

    /// <summary>OpenTelemetry's Prometheus naming: unit suffix, and <c>_total</c> on counters.</summary>
    public static string MetricName(string instrument, string? unit, MetricKind kind)
    {
        var name = Name(instrument);
        var suffix = unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => string.Empty,
        };
        if (suffix.Length > 0 && !name.EndsWith(suffix, StringComparison.Ordinal))
        {
            name += suffix;
        }

        return kind == MetricKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    public static void AppendEscaped(StringBuilder text, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => text.Append(@"\\"),
                '"' => text.Append("\\\""),
                '\n' => text.Append(@"\n"),
                _ => text.Append(c),
            };
        }
    }

    public static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public static void Write(StringBuilder text, InstrumentSeries instrument)
    {
        var name = MetricName(instrument.Instrument.Name, instrument.Instrument.Unit, instrument.Kind);
        var type = instrument.Kind switch { MetricKind.Counter => "counter", MetricKind.Histogram => "histogram", _ => "gauge" };
        text.Append("# HELP ").Append(name).Append(' ').Append((instrument.Instrument.Description ?? instrument.Instrument.Name).ReplaceLineEndings(" ")).Append('\n');
        text.Append("# TYPE ").Append(name).Append(' ').Append(type).Append('\n');
        foreach (var (labels, series) in instrument.Snapshot())
        {
            var (value, count, buckets) = series.Read();
            if (instrument.Kind != MetricKind.Histogram)
            {
                Sample(text, name, labels, null, Number(value));
                continue;
            }

            long cumulative = 0;
            for (var i = 0; i < buckets.Length; i++)
            {
                cumulative += buckets[i];
                var le = i < instrument.Buckets.Length ? Number(instrument.Buckets[i]) : "+Inf";
                Sample(text, name + "_bucket", labels, "le=\"" + le + "\"", cumulative.ToString(CultureInfo.InvariantCulture));
            }

            Sample(text, name + "_sum", labels, null, Number(value));
            Sample(text, name + "_count", labels, null, count.ToString(CultureInfo.InvariantCulture));
        }
    }

    private static void Sample(StringBuilder text, string name, string labels, string? extra, string value)
    {
        text.Append(name);
        if (labels.Length > 0 || extra is not null)
        {
            text.Append('{').Append(labels);
            if (extra is not null)
            {
                text.Append(labels.Length > 0 ? "," : string.Empty).Append(extra);
            }

            text.Append('}');
        }

        text.Append(' ').Append(value).Append('\n');
    }
}
