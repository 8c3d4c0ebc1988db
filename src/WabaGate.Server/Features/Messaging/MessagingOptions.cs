using System.ComponentModel.DataAnnotations;

namespace WabaGate.Server.Features.Messaging;

/// <summary>The <c>Messaging</c> configuration section: sending rates, pacing, retries and API limits.</summary>
public sealed class MessagingOptions
{
    public const string Section = "Messaging";

    /// <summary>Messages per second per phone number when Meta reports the standard throughput level (Meta: 80).</summary>
    [Range(1, 1000)]
    public int DefaultThroughputPerSecond { get; set; } = 80;

    /// <summary>Messages per second per phone number when Meta reports throughput level <c>HIGH</c> (Meta: up to 1,000).</summary>
    [Range(1, 1000)]
    public int HighThroughputPerSecond { get; set; } = 1000;

    /// <summary>How far ahead (as a share of one second) a number's sends may bunch up: 0.05 = 50 ms worth of messages.</summary>
    [Range(0.0, 1.0)]
    public double ThroughputBurstSeconds { get; set; } = 0.05;

    /// <summary>Messages to one recipient that may go out back to back before pacing applies (Meta allows short bursts).</summary>
    [Range(1, 1000)]
    public int RecipientBurst { get; set; } = 10;

    /// <summary>After a burst, one more message to the same recipient per this interval (Meta: about one per 6 s).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RecipientInterval { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Recipients whose pacing is remembered; beyond it the least recently used are forgotten (bounded memory).</summary>
    [Range(100, 10_000_000)]
    public int RecipientPacingCapacity { get; set; } = 100_000;

    /// <summary>Send attempts (each recorded on the message) before a message that keeps failing transiently is marked failed.</summary>
    [Range(1, 100)]
    public int MaxSendAttempts { get; set; } = 8;

    /// <summary>First retry delay after a transient failure; doubles per attempt with jitter, up to <see cref="RetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RetryMaxDelay { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// When a send timed out or the connection broke after the request left (Meta may have accepted it): false (the
    /// default) marks the message failed with <c>send_outcome_unknown</c> instead of risking a duplicate; true resends.
    /// </summary>
    public bool ResendOnUnknownOutcome { get; set; }

    /// <summary>Requests per second each API key (or signed-in user) may make to <c>/api/v1</c>.</summary>
    [Range(1, 1_000_000)]
    public int ApiRequestsPerSecond { get; set; } = 200;

    /// <summary>Requests an API key may make at once above its rate before 429.</summary>
    [Range(1, 1_000_000)]
    public int ApiBurst { get; set; } = 400;

    /// <summary>Messages per second <c>POST /api/v1/messages</c> accepts per connection.</summary>
    [Range(1, 1_000_000)]
    public int ConnectionSendsPerSecond { get; set; } = 1000;

    [Range(1, 1_000_000)]
    public int ConnectionSendBurst { get; set; } = 2000;
}
