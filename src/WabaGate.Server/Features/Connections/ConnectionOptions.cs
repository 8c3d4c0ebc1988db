using System.ComponentModel.DataAnnotations;

namespace WabaGate.Server.Features.Connections;

/// <summary>The <c>Connections</c> configuration section.</summary>
public sealed class ConnectionOptions
{
    public const string Section = "Connections";

    /// <summary>
    /// How often every enabled, active (or failing) connection gets a <c>connections.health_check</c> job: token
    /// validity and expiry, the webhook subscription, each number's quality, tier and throughput. Zero turns it off.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "30.00:00:00")]
    public TimeSpan HealthCheckInterval { get; set; } = TimeSpan.FromHours(6);
}
