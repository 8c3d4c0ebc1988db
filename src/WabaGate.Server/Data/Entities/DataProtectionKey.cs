namespace WabaGate.Server.Data.Entities;

/// <summary>
/// One ASP.NET Core data-protection key (signs cookies and one-time links), shared by every node through the
/// database and sealed under the master key. System data: not tenant-owned.
/// </summary>
public sealed class DataProtectionKey
{
    public Guid Id { get; set; } = Guid.CreateVersion7();

    public string? FriendlyName { get; set; }

    /// <summary>The key's XML as the data-protection system stores it (its secret part sealed by the master key).</summary>
    public required string Xml { get; set; }
}
