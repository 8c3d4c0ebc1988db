using System.Text.Json;
using System.Text.Json.Serialization;

namespace WabaGate.Graph.Onboarding;

/// <summary>Response of <c>GET /debug_token</c>.</summary>
public sealed record DebugTokenResponse(DebugTokenData Data);

/// <summary>What Meta knows about a token: validity, expiry (0 = never), scopes and granted assets.</summary>
public sealed record DebugTokenData
{
    public string? AppId { get; init; }

    /// <summary><c>USER</c>, <c>PAGE</c>, <c>APP</c> or <c>SYSTEM_USER</c>.</summary>
    public string? Type { get; init; }

    public string? Application { get; init; }
    public long? DataAccessExpiresAt { get; init; }
    public long? ExpiresAt { get; init; }
    public bool IsValid { get; init; }
    public long? IssuedAt { get; init; }
    public IReadOnlyList<string> Scopes { get; init; } = [];
    public IReadOnlyList<GranularScope> GranularScopes { get; init; } = [];
    public string? UserId { get; init; }

    /// <summary>Present when the token is invalid.</summary>
    public JsonElement? Error { get; init; }

    /// <summary>Expiry as a time, or null when the token never expires.</summary>
    [JsonIgnore]
    public DateTimeOffset? ExpiresAtTime => ExpiresAt is > 0 ? DateTimeOffset.FromUnixTimeSeconds(ExpiresAt.Value) : null;

    /// <summary>The asset ids granted for <paramref name="scope"/> (e.g. WABA ids for <c>whatsapp_business_management</c>).</summary>
    public IReadOnlyList<string> TargetIds(string scope) =>
        GranularScopes.Where(g => g.Scope == scope).SelectMany(g => g.TargetIds ?? []).Distinct().ToList();
}

/// <summary>A permission and, when asset-scoped, the ids it covers.</summary>
public sealed record GranularScope(string Scope, IReadOnlyList<string>? TargetIds = null);
