using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using WabaGate.Server.Data;

namespace WabaGate.Server.Infrastructure.Health;

/// <summary>
/// <c>GET /health/live</c>: the process serves requests (no dependencies checked).
/// <c>GET /health/ready</c>: every check tagged <see cref="ReadyTag"/> passes (the database is reachable) → 200,
/// else 503. Both anonymous, JSON, never quoting exception texts. Features add readiness checks with
/// <c>services.AddHealthChecks().AddCheck&lt;T&gt;("name", tags: [HealthEndpoints.ReadyTag])</c>.
/// </summary>
internal static class HealthEndpoints
{
    public const string ReadyTag = "ready";
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(5);

    public static IServiceCollection AddGatewayHealth(this IServiceCollection services)
    {
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database", tags: [ReadyTag]);
        return services;
    }

    public static RouteGroupBuilder MapGatewayHealth(this IEndpointRouteBuilder endpoints)
    {
        var group = endpoints.MapGroup("/health").WithTags("Operations").AllowAnonymous();
        group.MapGet("/live", () => TypedResults.Ok(new HealthResponse("healthy", [])))
            .WithSummary("Liveness: the process is up.");
        group.MapGet("/ready", ReadyAsync)
            .WithSummary("Readiness: the database and other dependencies are reachable.")
            .Produces<HealthResponse>(StatusCodes.Status503ServiceUnavailable);
        return group;
    }

    private static async Task<Results<Ok<HealthResponse>, JsonHttpResult<HealthResponse>>> ReadyAsync(HealthCheckService health, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ReadyTimeout);
        var report = await health.CheckHealthAsync(check => check.Tags.Contains(ReadyTag), timeout.Token);
        var body = new HealthResponse(
            Status(report.Status),
            [.. report.Entries.Select(e => new HealthCheckEntry(e.Key, Status(e.Value.Status), Math.Round(e.Value.Duration.TotalMilliseconds, 1)))]);
        return report.Status == HealthStatus.Unhealthy
            ? TypedResults.Json(body, statusCode: StatusCodes.Status503ServiceUnavailable)
            : TypedResults.Ok(body);
    }

    private static string Status(HealthStatus status) => status switch
    {
        HealthStatus.Healthy => "healthy",
        HealthStatus.Degraded => "degraded",
        _ => "unhealthy",
    };
}

/// <summary>Health response body: overall <c>status</c> (<c>healthy</c>, <c>degraded</c>, <c>unhealthy</c>) and one entry per check.</summary>
internal sealed record HealthResponse(string Status, IReadOnlyList<HealthCheckEntry> Checks);

internal sealed record HealthCheckEntry(string Name, string Status, double DurationMs);
