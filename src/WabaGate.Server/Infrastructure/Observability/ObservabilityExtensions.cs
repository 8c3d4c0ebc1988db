using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WabaGate.Server.Infrastructure.Observability;

internal static class ObservabilityExtensions
{
    /// <summary><see cref="WabaGateMetrics"/>, the <c>/metrics</c> collector, the queue-stats default and OTLP export.</summary>
    public static IServiceCollection AddGatewayObservability(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMetrics();
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<WabaGateMetrics>();
        services.AddSingleton<PrometheusCollector>();
        services.AddOptions<OpenTelemetryOptions>().Bind(configuration.GetSection(OpenTelemetryOptions.Section));
        services.AddHostedService<OpenTelemetryExportService>();
        return services;
    }

    /// <summary>Request metrics and logging; call first so it sees the final status of every request.</summary>
    public static IApplicationBuilder UseGatewayObservability(this IApplicationBuilder app)
    {
        // Start listening before the first request, and create the instruments it listens to.
        app.ApplicationServices.GetRequiredService<PrometheusCollector>();
        app.ApplicationServices.GetRequiredService<WabaGateMetrics>();
        return app.UseMiddleware<RequestTelemetryMiddleware>();
    }

    /// <summary><c>GET /metrics</c>: Prometheus text exposition, anonymous (scrape from the private network).</summary>
    public static IEndpointConventionBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
        => endpoints.MapGet("/metrics", (PrometheusCollector collector) => TypedResults.Text(collector.Render(), PrometheusText.ContentType))
            .WithTags("Operations")
            .WithSummary("Metrics in the Prometheus text exposition format.")
            .Produces<string>(StatusCodes.Status200OK, "text/plain")
            .AllowAnonymous();
}
