namespace WabaGate.Server.Features.Connections;

/// <summary>Connection lifecycle log lines: ids and Meta error codes only, never tokens, secrets or PINs.</summary>
internal static partial class ConnectionsLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {ConnectionId} for WABA {WabaId} is active with {PhoneNumbers} phone number(s)")]
    public static partial void Activated(ILogger logger, Guid connectionId, string wabaId, int phoneNumbers);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Setting up connection {ConnectionId} failed at {Step} (Meta error {MetaCode}); status {Status}")]
    public static partial void SetupFailed(ILogger logger, Guid connectionId, string step, int? metaCode, string status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Unsubscribing the app from WABA {WabaId} failed while disconnecting {ConnectionId} (Meta error {MetaCode})")]
    public static partial void UnsubscribeFailed(ILogger logger, string wabaId, Guid connectionId, int? metaCode);

    [LoggerMessage(Level = LogLevel.Information, Message = "Connection {ConnectionId} disconnected")]
    public static partial void Disconnected(ILogger logger, Guid connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Health check of connection {ConnectionId}: {Status}")]
    public static partial void HealthChecked(ILogger logger, Guid connectionId, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Embedded Signup cancelled at {Detail}")]
    public static partial void SignupCancelled(ILogger logger, string detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Scheduled {Count} connection health check(s)")]
    public static partial void HealthChecksScheduled(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Error, Message = "Scheduling connection health checks failed")]
    public static partial void HealthScheduleFailed(ILogger logger, Exception exception);
}
