namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>
/// Where a ciphertext belongs: its organization and the identity of the field (table, row id, column or
/// purpose). It is bound into AES-GCM as associated data, so a ciphertext copied to another row, column or
/// organization fails to decrypt. Use stable values: the row id must not change for the life of the value.
/// </summary>
public readonly record struct EncryptionContext(Guid OrgId, string Table, string RowId, string Column)
{
    public static EncryptionContext For(Guid orgId, string table, Guid rowId, string column)
        => new(orgId, table, rowId.ToString("N"), column);
}
