using WabaGate.Server.Data.Configurations;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Connections;

/// <summary>A connection as the API shows it: never a token, app secret or PIN; manual ones carry their webhook settings.</summary>
public sealed record ConnectionDto(
    Guid Id,
    string Kind,
    string WabaId,
    string? BusinessId,
    string Name,
    string Status,
    string? StatusReason,
    bool Enabled,
    DateTimeOffset? TokenExpiresAt,
    IReadOnlyList<PhoneNumberDto> PhoneNumbers,
    WebhookSettingsDto? Webhook,
    DateTimeOffset? LastHealthCheckAt,
    DateTimeOffset? LastWebhookAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DisconnectedAt)
{
    /// <summary>Whether new inbound messages are marked read at Meta automatically.</summary>
    public bool AutoMarkRead { get; init; }
}

public sealed record PhoneNumberDto(
    Guid Id,
    Guid ConnectionId,
    string PhoneNumberId,
    string? DisplayPhoneNumber,
    string? VerifiedName,
    string? QualityRating,
    string? MessagingLimitTier,
    string? ThroughputLevel,
    bool Registered,
    bool Coexistence,
    string? Status)
{
    public static PhoneNumberDto From(PhoneNumber p) => new(
        p.Id, p.ConnectionId, p.PhoneNumberId, p.DisplayPhoneNumber, p.VerifiedName, p.QualityRating, p.MessagingLimitTier,
        p.ThroughputLevel, p.Registered, p.IsCoexistence, p.Status);
}

/// <summary>Where a manual connection's Meta app must send webhooks, and the verify token it must use.</summary>
public sealed record WebhookSettingsDto(string Url, string VerifyToken);

public sealed record CreateConnectionRequest(string? AccessToken, string? WabaId, string? PhoneNumberId, string? AppSecret, string? Name);

public sealed record UpdateConnectionRequest(bool? Enabled, string? Name, bool? AutoMarkRead = null);

public sealed record HealthCheckResponse(string Status, IReadOnlyList<HealthCheckItem> Checks);

public sealed record HealthCheckItem(string Name, bool Ok, string Detail);

internal static class ConnectionNames
{
    public static string Kind(ConnectionKind kind) => EnumNames.SnakeCase(kind);

    public static string Status(ConnectionStatus status) => EnumNames.SnakeCase(status);
}
