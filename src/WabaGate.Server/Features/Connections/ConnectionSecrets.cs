using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Encryption;

namespace WabaGate.Server.Features.Connections;

/// <summary>
/// Encrypts and decrypts a connection's secrets, each bound to its organization, table, row and column —
/// so a ciphertext copied to another row or column does not decrypt.
/// </summary>
internal sealed class ConnectionSecrets(IFieldEncryptor encryptor)
{
    public const string AccessToken = "access_token";
    public const string AppSecret = "app_secret";
    public const string VerifyToken = "verify_token";
    public const string Pin = "pin";

    public ValueTask<byte[]> EncryptAsync(Connection connection, string column, string value, CancellationToken ct)
        => encryptor.EncryptStringAsync(value, EncryptionContext.For(connection.OrgId, "connections", connection.Id, column), ct);

    public async ValueTask<string?> DecryptAsync(Connection connection, string column, byte[]? cipher, CancellationToken ct)
        => cipher is null ? null : await encryptor.DecryptStringAsync(cipher, EncryptionContext.For(connection.OrgId, "connections", connection.Id, column), ct);

    public ValueTask<string?> AccessTokenAsync(Connection connection, CancellationToken ct)
        => DecryptAsync(connection, AccessToken, connection.AccessTokenCipher, ct);

    public ValueTask<byte[]> EncryptPinAsync(PhoneNumber phone, string pin, CancellationToken ct)
        => encryptor.EncryptStringAsync(pin, EncryptionContext.For(phone.OrgId, "phone_numbers", phone.Id, Pin), ct);

    public async ValueTask<string?> PinAsync(PhoneNumber phone, CancellationToken ct)
        => phone.PinCipher is null ? null : await encryptor.DecryptStringAsync(phone.PinCipher, EncryptionContext.For(phone.OrgId, "phone_numbers", phone.Id, Pin), ct);
}
