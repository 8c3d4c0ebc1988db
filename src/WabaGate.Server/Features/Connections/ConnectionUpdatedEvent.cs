using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Connections;

/// <summary>
/// The data of a <c>connection.updated</c> live event: what changed, without secrets or the webhook verify token
/// (every member of the organization receives it); clients read <c>GET /api/v1/connections/{id}</c> for the rest.
/// </summary>
internal sealed record ConnectionUpdatedEvent(Guid Id, string Status, string? StatusReason, bool Enabled, Guid? PhoneNumberId, string? QualityRating,
    string? MessagingLimitTier, string? NameStatus, DateTimeOffset UpdatedAt)
{
    public static ConnectionUpdatedEvent From(Connection connection, PhoneNumber? phone = null) => new(
        connection.Id, Data.Configurations.EnumNames.SnakeCase(connection.Status), connection.StatusReason, connection.Enabled,
        phone?.Id, phone?.QualityRating, phone?.MessagingLimitTier, phone?.NameStatus, phone?.UpdatedAt ?? connection.UpdatedAt);
}
