namespace WabaGate.Graph.Onboarding;

/// <summary>Result of <c>GET /oauth/access_token</c>; <see cref="ExpiresIn"/> is absent for never-expiring business tokens.</summary>
public sealed record OAuthToken
{
    public required string AccessToken { get; init; }
    public string? TokenType { get; init; }

    /// <summary>Seconds until expiry, when the token expires.</summary>
    public long? ExpiresIn { get; init; }
}
