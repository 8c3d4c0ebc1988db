using System.Diagnostics;

namespace WabaGate.Server.Infrastructure.Observability;

/// <summary>
/// Names shared by metrics and tracing. Features start spans with
/// <c>using var activity = WabaGateTelemetry.ActivitySource.StartActivity("messages.dispatch");</c>;
/// they are exported over OTLP when an endpoint is configured and cost nothing otherwise.
/// </summary>
internal static class WabaGateTelemetry
{
    public const string Name = "WabaGate";

    public static readonly ActivitySource ActivitySource = new(Name);
}
