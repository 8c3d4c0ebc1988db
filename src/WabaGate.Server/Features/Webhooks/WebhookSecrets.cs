using WabaGate.Server.Features.Connections;
using WabaGate.Server.Infrastructure.Encryption;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// Where encrypted webhook values live: the associated data their ciphertexts are bound to. A manual connection's
/// secrets are read with the same context <see cref="ConnectionSecrets"/> wrote them with.
/// </summary>
internal static class WebhookSecrets
{
    public const string DeliveriesTable = "webhook_deliveries";

    public static EncryptionContext Payload(Guid orgId, Guid deliveryId) => EncryptionContext.For(orgId, DeliveriesTable, deliveryId, "payload");

    /// <summary>A manual connection's app secret (column <c>app_secret_cipher</c>).</summary>
    public static EncryptionContext AppSecret(Guid orgId, Guid connectionId) => EncryptionContext.For(orgId, "connections", connectionId, ConnectionSecrets.AppSecret);

    /// <summary>A manual connection's verify token (column <c>verify_token_cipher</c>).</summary>
    public static EncryptionContext VerifyToken(Guid orgId, Guid connectionId) => EncryptionContext.For(orgId, "connections", connectionId, ConnectionSecrets.VerifyToken);
}
