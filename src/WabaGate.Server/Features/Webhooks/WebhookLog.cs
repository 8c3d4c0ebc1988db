namespace WabaGate.Server.Features.Webhooks;

/// <summary>Webhook logging: ids, counts and reasons only — never bodies, signatures or secrets.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 4100, Level = LogLevel.Warning, Message = "Webhook refused: {Reason}")]
    public static partial void Refused(ILogger logger, string reason);

    [LoggerMessage(EventId = 4101, Level = LogLevel.Debug, Message = "Webhook delivery {DeliveryId} stored ({State}) for organization {OrgId}")]
    public static partial void Stored(ILogger logger, Guid deliveryId, string state, Guid? orgId);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Debug, Message = "Webhook delivery already stored; acknowledged again")]
    public static partial void Duplicate(ILogger logger);

    [LoggerMessage(EventId = 4103, Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} is unroutable: {Reason}")]
    public static partial void Unroutable(ILogger logger, Guid deliveryId, string reason);

    [LoggerMessage(EventId = 4104, Level = LogLevel.Information, Message = "Webhook delivery {DeliveryId} processed: {Changes} changes, {Messages} messages, {Statuses} statuses")]
    public static partial void Processed(ILogger logger, Guid deliveryId, int changes, int messages, int statuses);

    [LoggerMessage(EventId = 4105, Level = LogLevel.Warning, Message = "Webhook delivery {DeliveryId} failed: {Reason}")]
    public static partial void Failed(ILogger logger, Guid deliveryId, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Webhook retention deleted {Payloads} processed payload(s) and {Rows} processed delivery row(s)")]
    public static partial void RetentionPurged(ILogger logger, int payloads, int rows);

    [LoggerMessage(Level = LogLevel.Error, Message = "Webhook retention failed; it runs again at the next interval")]
    public static partial void RetentionFailed(ILogger logger, Exception exception);
}
