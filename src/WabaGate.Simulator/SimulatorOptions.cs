using System.Security.Cryptography;

namespace WabaGate.Simulator;

/// <summary>
/// Settings of the simulated Meta platform: the simulated app's credentials, where webhooks go,
/// timings (status progression, webhook retries, token and code lifetimes) and Meta's limits.
/// The instance is read on every use, so changing a property at run time takes effect immediately.
/// </summary>
public sealed class SimulatorOptions
{
    /// <summary>Path under which everything is mapped (default <c>/sandbox/meta</c>).</summary>
    public string Prefix { get; set; } = "/sandbox/meta";

    /// <summary>The simulated app's id (a numeric string); generated when not set.</summary>
    public string AppId { get; set; } = "9" + RandomNumberGenerator.GetInt32(10_000_000, 99_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture) + "0001";

    /// <summary>The simulated app's secret; it signs every webhook delivery. Generated when not set.</summary>
    public string AppSecret { get; set; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>The simulated app's display name (shown by <c>debug_token</c> and <c>subscribed_apps</c>).</summary>
    public string AppName { get; set; } = "WabaGate Sandbox App";

    /// <summary>The app-level webhook verify token; generated when not set.</summary>
    public string WebhookVerifyToken { get; set; } = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12));

    /// <summary>
    /// The app-level webhook callback (the gateway's <c>/webhooks/meta</c>). A WABA or phone-number
    /// <c>override_callback_uri</c> wins for <c>messages</c> webhooks. <c>null</c>: app-level deliveries are skipped.
    /// </summary>
    public string? WebhookCallbackUrl { get; set; }

    /// <summary>
    /// Absolute origin (and path base, if any) under which the app serving the simulator is reachable,
    /// e.g. <c>http://localhost:5080</c>; the prefix is appended. Used for media URLs, the dialog URL and the
    /// postMessage origin. <c>null</c>: derived from the incoming request.
    /// </summary>
    public string? PublicBaseUrl { get; set; }

    /// <summary>Delay from acceptance to the <c>sent</c> status webhook.</summary>
    public TimeSpan SentDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Delay from acceptance to the <c>delivered</c> status webhook.</summary>
    public TimeSpan DeliveredDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>Delay from acceptance to the <c>read</c> status webhook.</summary>
    public TimeSpan ReadDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Whether simulated customers read what they receive (emits <c>read</c> statuses).</summary>
    public bool CustomersReadMessages { get; set; } = true;

    /// <summary>First retry delay of a failed webhook delivery; later ones grow by <see cref="WebhookRetryBackoffFactor"/>.</summary>
    public TimeSpan WebhookRetryInitialDelay { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Multiplier between consecutive webhook retry delays.</summary>
    public double WebhookRetryBackoffFactor { get; set; } = 2;

    /// <summary>Upper bound of one webhook retry delay.</summary>
    public TimeSpan WebhookRetryMaxDelay { get; set; } = TimeSpan.FromHours(1);

    /// <summary>How long Meta keeps retrying a delivery (docs say 36 hours or 7 days; default 7 days).</summary>
    public TimeSpan WebhookRetryWindow { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Maximum attempts per delivery (first attempt included).</summary>
    public int WebhookMaxAttempts { get; set; } = 25;

    /// <summary>HTTP timeout of one webhook delivery attempt.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Capacity of the outgoing webhook queue.</summary>
    public int WebhookQueueCapacity { get; set; } = 10_000;

    /// <summary>
    /// Optional factory for the handler that carries webhook deliveries (e.g. an in-memory test server's handler).
    /// <c>null</c>: real HTTP.
    /// </summary>
    public Func<HttpMessageHandler>? WebhookHandlerFactory { get; set; }

    /// <summary>Whether webhooks of a WABA are only sent once the app is subscribed to it (Meta's rule).</summary>
    public bool RequireSubscriptionForWebhooks { get; set; } = true;

    /// <summary>Whether a completed signup sends an <c>account_update</c> <c>PARTNER_ADDED</c> webhook.</summary>
    public bool SendPartnerAddedOnSignup { get; set; } = true;

    /// <summary>Whether inbound media webhooks carry the (bearer-protected, 5-minute) <c>url</c> field.</summary>
    public bool IncludeMediaUrlInWebhooks { get; set; } = true;

    /// <summary>Messages per second per phone number at throughput level STANDARD (130429 beyond).</summary>
    public int ThroughputPerSecond { get; set; } = 80;

    /// <summary>Messages per second per phone number at throughput level HIGH.</summary>
    public int HighThroughputPerSecond { get; set; } = 1000;

    /// <summary>Burst of messages allowed to one user before the pair rate limit (131056) applies.</summary>
    public int PairRateBurst { get; set; } = 45;

    /// <summary>One message to the same user is regained per this interval (Meta: 6 s).</summary>
    public TimeSpan PairRateInterval { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>Register (and separately deregister) calls allowed per number within <see cref="RegisterWindow"/>.</summary>
    public int RegisterLimit { get; set; } = 10;

    /// <summary>Rolling window of the register limit (Meta: 72 h).</summary>
    public TimeSpan RegisterWindow { get; set; } = TimeSpan.FromHours(72);

    /// <summary>Lifetime of an Embedded Signup code (Meta: 30 s).</summary>
    public TimeSpan CodeLifetime { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lifetime of business tokens from the code exchange; <c>null</c> = never expires.</summary>
    public TimeSpan? BusinessTokenLifetime { get; set; } = TimeSpan.FromDays(60);

    /// <summary>Lifetime of a media download URL (Meta: 5 minutes).</summary>
    public TimeSpan MediaUrlLifetime { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long uploaded media is kept (Meta: 30 days).</summary>
    public TimeSpan MediaRetention { get; set; } = TimeSpan.FromDays(30);

    /// <summary>How long media received from customers is kept (Meta: 7 days).</summary>
    public TimeSpan InboundMediaRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Maximum number of media objects kept in memory (oldest evicted).</summary>
    public int MaxMediaItems { get; set; } = 500;

    /// <summary>Accepted messages kept per phone number (ring buffer).</summary>
    public int OutboxCapacity { get; set; } = 1000;

    /// <summary>Webhook delivery attempts kept in the log (ring buffer).</summary>
    public int DeliveryLogCapacity { get; set; } = 2000;

    /// <summary>Default page size of template lists (small, so that clients' paging gets exercised).</summary>
    public int TemplatePageSize { get; set; } = 5;

    /// <summary>Default page size of phone-number lists.</summary>
    public int PhoneNumberPageSize { get; set; } = 25;

    /// <summary>HTTP status for unknown, expired or revoked tokens (archived Meta table: 401; live Graph often 400).</summary>
    public int InvalidTokenHttpStatus { get; set; } = 401;

    /// <summary>Lowest accepted Graph version number (<c>v21.0</c>).</summary>
    public int MinGraphVersion { get; set; } = 21;

    /// <summary>Highest accepted Graph version number (<c>v26.0</c>).</summary>
    public int MaxGraphVersion { get; set; } = 26;

    /// <summary>The clock. Tests pass a controllable one.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;
}
