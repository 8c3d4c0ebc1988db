using System.Diagnostics;
using Microsoft.AspNetCore.Diagnostics;

namespace WabaGate.Server.Infrastructure.Observability;

/// <summary>
/// Outermost middleware: one metric sample and one log line per request, labelled by route template
/// (<c>/api/v1/messages/{id}</c>), never the raw path, query string or headers — those carry ids, tokens and
/// verify codes. ASP.NET Core's own "Request starting … ?query" lines are filtered out in
/// <see cref="LoggingSetup"/>; this line replaces them.
/// </summary>
internal sealed partial class RequestTelemetryMiddleware(RequestDelegate next, WabaGateMetrics metrics, ILoggerFactory loggerFactory)
{
    /// <summary>The log category of request lines; set <c>Logging:LogLevel:WabaGate.Requests</c> to tune.</summary>
    public const string Category = "WabaGate.Requests";
    private const string Unmatched = "(unmatched)";

    private readonly ILogger logger = loggerFactory.CreateLogger(Category);

    public async Task InvokeAsync(HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var endpoint = context.GetEndpoint();
        var failed = false;
        try
        {
            await next(context);
        }
        catch
        {
            failed = true;
            throw;
        }
        finally
        {
            // The exception handler clears the endpoint before writing its problem; it keeps it in its feature.
            endpoint ??= context.GetEndpoint() ?? context.Features.Get<IExceptionHandlerFeature>()?.Endpoint;
            var route = (endpoint as RouteEndpoint)?.RoutePattern.RawText ?? Unmatched;
            var status = failed && !context.Response.HasStarted ? StatusCodes.Status500InternalServerError : context.Response.StatusCode;
            var method = Method(context.Request.Method);
            var elapsed = Stopwatch.GetElapsedTime(started);
            metrics.RecordHttpRequest(route, method, status, elapsed);
            if (route.StartsWith("/health", StringComparison.Ordinal) || route == "/metrics")
            {
                LogProbe(logger, method, route, status, elapsed.TotalMilliseconds);
            }
            else
            {
                LogRequest(logger, method, route, status, elapsed.TotalMilliseconds);
            }
        }
    }

    /// <summary>Known methods as is, anything else as <c>_OTHER</c> (bounded label values).</summary>
    internal static string Method(string method) => method switch
    {
        "GET" or "POST" or "PUT" or "PATCH" or "DELETE" or "HEAD" or "OPTIONS" => method,
        _ => "_OTHER",
    };

    [LoggerMessage(Level = LogLevel.Information, Message = "HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogRequest(ILogger logger, string method, string route, int statusCode, double elapsedMs);

    [LoggerMessage(Level = LogLevel.Debug, Message = "HTTP {Method} {Route} responded {StatusCode} in {ElapsedMs:0.0} ms")]
    private static partial void LogProbe(ILogger logger, string method, string route, int statusCode, double elapsedMs);
}
