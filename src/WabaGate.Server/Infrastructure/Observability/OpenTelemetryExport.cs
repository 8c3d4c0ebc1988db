using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace WabaGate.Server.Infrastructure.Observability;

/// <summary>The <c>OpenTelemetry</c> section.</summary>
internal sealed class OpenTelemetryOptions
{
    public const string Section = "OpenTelemetry";

    /// <summary>OTLP collector, e.g. <c>http://otel-collector:4317</c>. When unset, the standard
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable (and its companions) is used; when neither is set, nothing is exported.</summary>
    public Uri? OtlpEndpoint { get; set; }

    /// <summary><c>Grpc</c> (default) or <c>HttpProtobuf</c>.</summary>
    public OtlpExportProtocol? OtlpProtocol { get; set; }

    public string ServiceName { get; set; } = "wabagate";
}

/// <summary>
/// Owns the OpenTelemetry SDK's meter and tracer providers (the hosting integration package is not available):
/// built on start when an OTLP endpoint is configured, flushed and disposed on shutdown. Exports the
/// <c>WabaGate</c> meter and activity source plus ASP.NET Core's hosting meter and request activities.
/// </summary>
internal sealed partial class OpenTelemetryExportService(
    Microsoft.Extensions.Options.IOptions<OpenTelemetryOptions> options,
    IConfiguration configuration,
    ILogger<OpenTelemetryExportService> logger) : IHostedService, IDisposable
{
    private MeterProvider? meters;
    private TracerProvider? tracer;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        if (settings.OtlpEndpoint is null && string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            return Task.CompletedTask;
        }

        void Exporter(OtlpExporterOptions o)
        {
            if (settings.OtlpEndpoint is { } endpoint)
            {
                o.Endpoint = endpoint;
            }

            if (settings.OtlpProtocol is { } protocol)
            {
                o.Protocol = protocol;
            }
        }

        var version = typeof(OpenTelemetryExportService).Assembly.GetName().Version?.ToString();
        meters = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService(settings.ServiceName, serviceVersion: version))
            .AddMeter(WabaGateMetrics.MeterName, "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel")
            .AddOtlpExporter(Exporter)
            .Build();
        tracer = Sdk.CreateTracerProviderBuilder()
            .ConfigureResource(r => r.AddService(settings.ServiceName, serviceVersion: version))
            .AddSource(WabaGateTelemetry.Name, "Microsoft.AspNetCore")
            .AddOtlpExporter(Exporter)
            .Build();
        LogStarted(logger, settings.OtlpEndpoint?.GetLeftPart(UriPartial.Authority) ?? "(from OTEL_EXPORTER_OTLP_ENDPOINT)");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        meters?.Shutdown(2000);
        tracer?.Shutdown(2000);
        return Task.CompletedTask;
    }

    public void Dispose()
    {
        meters?.Dispose();
        tracer?.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Exporting metrics and traces over OTLP to {Endpoint}")]
    private static partial void LogStarted(ILogger logger, string endpoint);
}
