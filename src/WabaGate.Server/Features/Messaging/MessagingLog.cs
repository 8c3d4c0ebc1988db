namespace WabaGate.Server.Features.Messaging;

/// <summary>Messaging's log events: ids, statuses and Meta codes only — never bodies, recipients' content or tokens.</summary>
internal static partial class MessagingLog
{
    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Message {MessageId} sent as {Wamid} (attempt {Attempt})")]
    public static partial void Sent(ILogger logger, Guid messageId, string? wamid, int attempt);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Warning, Message = "Message {MessageId} attempt {Attempt} failed with Meta code {Code} ({ErrorClass}); retrying at {RetryAt}")]
    public static partial void Retrying(ILogger logger, Guid messageId, int attempt, int? code, string errorClass, DateTimeOffset retryAt);

    [LoggerMessage(EventId = 6003, Level = LogLevel.Warning, Message = "Message {MessageId} failed: code {Code}, {Title}")]
    public static partial void Failed(ILogger logger, Guid messageId, int? code, string? title);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning, Message = "Connection {ConnectionId} needs reauthorization: Meta rejected its token (code {Code})")]
    public static partial void NeedsReauthorization(ILogger logger, Guid connectionId, int? code);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning, Message = "Message {MessageId}: the send may have reached Meta (no answer); not resent")]
    public static partial void OutcomeUnknown(ILogger logger, Guid messageId);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Information, Message = "This node now dispatches phone number {PhoneNumberRowId}")]
    public static partial void DispatcherAcquired(ILogger logger, Guid phoneNumberRowId);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "This node released phone number {PhoneNumberRowId} (idle)")]
    public static partial void DispatcherReleased(ILogger logger, Guid phoneNumberRowId);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "The dispatch lock connection was lost; this node dispatches no number until it reconnects")]
    public static partial void DispatcherConnectionLost(ILogger logger, Exception exception);

    [LoggerMessage(EventId = 6009, Level = LogLevel.Information, Message = "Message {MessageId} {Decision} by {Actor}")]
    public static partial void Reviewed(ILogger logger, Guid messageId, string decision, string actor);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information, Message = "Message {MessageId}: Meta's copy of media {MediaId} was missing; uploading again")]
    public static partial void MediaReupload(ILogger logger, Guid messageId, Guid mediaId);
}
