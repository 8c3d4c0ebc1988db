using Microsoft.Extensions.Logging.Console;

namespace WabaGate.Server.Infrastructure.Observability;

/// <summary>
/// Console logging: JSON lines in production (one object per line, UTC timestamps, scopes), the simple
/// single-line formatter in sandbox/development. <c>Logging:Console:FormatterName</c> overrides the choice.
/// </summary>
internal static class LoggingSetup
{
    /// <summary>ASP.NET Core's hosting category, whose "Request starting" line prints the full URL with its query string.</summary>
    internal const string HostingDiagnostics = "Microsoft.AspNetCore.Hosting.Diagnostics";

    public static TBuilder AddGatewayLogging<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        var logging = builder.Logging;
        logging.Configure(o => o.ActivityTrackingOptions = ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId);

        // Query strings carry OAuth codes, verify tokens and the like; RequestTelemetryMiddleware logs route templates instead.
        logging.AddFilter(HostingDiagnostics, LogLevel.Warning);

        if (builder.Configuration["Logging:Console:FormatterName"] is null)
        {
            var production = WabaGateOptions.ResolveMode(builder.Configuration) == GatewayMode.Production && !builder.Environment.IsDevelopment();
            if (production)
            {
                logging.AddJsonConsole(o =>
                {
                    o.IncludeScopes = true;
                    o.UseUtcTimestamp = true;
                    o.TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fff'Z'";
                });
            }
            else
            {
                logging.AddSimpleConsole(o =>
                {
                    o.IncludeScopes = true;
                    o.SingleLine = true;
                    o.TimestampFormat = "HH:mm:ss ";
                    o.ColorBehavior = LoggerColorBehavior.Default;
                });
            }
        }

        return builder;
    }
}
