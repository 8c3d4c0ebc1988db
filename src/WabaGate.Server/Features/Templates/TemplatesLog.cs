namespace WabaGate.Server.Features.Templates;

/// <summary>Template log lines: ids, names and counts only — never tokens or parameter values.</summary>
internal static partial class TemplatesLog
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Templates of connection {ConnectionId} synced: {Fetched} at Meta, {Created} new, {Updated} changed, {Removed} removed")]
    public static partial void Synced(ILogger logger, Guid connectionId, int fetched, int created, int updated, int removed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Template {TemplateId} ({MetaId}) submitted on connection {ConnectionId}")]
    public static partial void Submitted(ILogger logger, Guid templateId, string metaId, Guid connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Template {TemplateId} deleted on connection {ConnectionId}")]
    public static partial void Deleted(ILogger logger, Guid templateId, Guid connectionId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Template {MetaId} {Field} applied: {Value}")]
    public static partial void WebhookApplied(ILogger logger, string metaId, string field, string value);

    [LoggerMessage(Level = LogLevel.Information, Message = "Template {MetaId} of a {Field} webhook is not known locally; a sync of connection {ConnectionId} is queued")]
    public static partial void UnknownTemplate(ILogger logger, string metaId, string field, Guid connectionId);
}
