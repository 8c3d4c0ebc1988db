using System.Text.Json;
using System.Text.Json.Nodes;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Messaging;

/// <summary>The API's <c>message</c> (API.md, Messaging): also the data of <c>message.received</c> and <c>message.status</c> events.</summary>
public sealed record MessageView(
    Guid Id,
    Guid ConnectionId,
    Guid PhoneNumberId,
    string Direction,
    string From,
    string To,
    string Type,
    JsonObject Content,
    JsonObject? Context,
    JsonObject? Referral,
    string Status,
    string? Wamid,
    MessageErrorView? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? SentAt,
    DateTimeOffset? DeliveredAt,
    DateTimeOffset? ReadAt,
    DateTimeOffset? FailedAt,
    JsonElement? Metadata)
{
    public static MessageView Create(Message message, MessageBody body) => new(
        message.Id,
        message.ConnectionId,
        message.PhoneNumberRowId,
        message.Direction == MessageDirection.Inbound ? "inbound" : "outbound",
        message.From,
        message.To,
        message.Type,
        body.Content,
        body.Context,
        body.Referral,
        MessageStatuses.ToApi(message.Status),
        message.Wamid,
        message.ErrorCode is null && message.ErrorTitle is null ? null : new MessageErrorView(message.ErrorCode, message.ErrorTitle, message.ErrorDetail, message.ErrorMeta is null ? null : JsonSerializer.Deserialize<JsonElement>(message.ErrorMeta)),
        message.CreatedAt,
        message.SentAt,
        message.DeliveredAt,
        message.ReadAt,
        message.FailedAt,
        message.Metadata is null ? null : JsonSerializer.Deserialize<JsonElement>(message.Metadata));
}

/// <summary>Why a message failed or was rejected: Meta's code and title, and a readable detail.</summary>
public sealed record MessageErrorView(int? Code, string? Title, string? Detail, JsonElement? Meta);
