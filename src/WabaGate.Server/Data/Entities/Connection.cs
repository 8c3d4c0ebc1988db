namespace WabaGate.Server.Data.Entities;

public enum ConnectionKind
{
    EmbeddedSignup,
    Manual,
}

public enum ConnectionStatus
{
    Pending,
    Active,
    NeedsReauthorization,
    Error,
    Disconnected,
}

/// <summary>
/// One WhatsApp Business Account connected by one organization. Secrets (access token, app secret, verify
/// token) are stored only as ciphertext from the field encryptor, with this row's id as associated data.
/// </summary>
public sealed class Connection : ITenantOwned
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public Guid OrgId { get; set; }

    public ConnectionKind Kind { get; set; }

    public required string WabaId { get; set; }

    public string? BusinessId { get; set; }

    public required string Name { get; set; }

    public ConnectionStatus Status { get; set; } = ConnectionStatus.Pending;

    /// <summary>Why the connection is not active, and what fixes it; shown on the settings page.</summary>
    public string? StatusReason { get; set; }

    public bool Enabled { get; set; } = true;

    public byte[]? AccessTokenCipher { get; set; }

    public DateTimeOffset? TokenExpiresAt { get; set; }

    /// <summary>Manual connections only: their own Meta app's secret, which signs their webhooks.</summary>
    public byte[]? AppSecretCipher { get; set; }

    /// <summary>Manual connections only: the random path segment of their webhook URL.</summary>
    public string? WebhookKey { get; set; }

    public byte[]? VerifyTokenCipher { get; set; }

    public bool AutoMarkRead { get; set; }

    public DateTimeOffset? LastWebhookAt { get; set; }

    public DateTimeOffset? LastHealthCheckAt { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    public DateTimeOffset? DisconnectedAt { get; set; }
}
