using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Tenancy;

public sealed record MeResponse(OrganizationDto Organization, string Role, string Mode, string AuthenticatedAs, Guid? ApiKeyId, Guid? UserId);

public sealed record OrganizationDto(Guid Id, string Name, DateTimeOffset CreatedAt);

public sealed record CreateApiKeyRequest(string? Name, OrgRole? Role);

/// <summary>The only response that ever carries a key's secret.</summary>
public sealed record CreatedApiKeyResponse(Guid Id, string Name, string Prefix, string Role, DateTimeOffset CreatedAt, string Secret);

public sealed record ApiKeyDto(Guid Id, string Name, string Prefix, string Role, DateTimeOffset CreatedAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public static ApiKeyDto From(ApiKey key) => new(key.Id, key.Name, key.Prefix, key.Role.ToString(), key.CreatedAt, key.LastUsedAt, key.RevokedAt);
}

public sealed record ItemsResponse<T>(IReadOnlyList<T> Items, string? NextCursor);
