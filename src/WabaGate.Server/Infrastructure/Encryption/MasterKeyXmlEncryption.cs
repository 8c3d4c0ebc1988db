using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;

namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>
/// Encrypts ASP.NET Core data-protection keys (they sign session cookies and one-time password links) under the
/// master key before they are stored, like every other secret at rest.
/// </summary>
internal sealed class MasterKeyXmlEncryptor(MasterKeyRing ring) : IXmlEncryptor
{
    internal static readonly byte[] Label = "wabagate/data-protection-key/v1"u8.ToArray();

    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        var plaintext = Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting));
        var element = new XElement(
            "sealedKey",
            new XAttribute("masterKeyId", ring.Current.Id),
            Convert.ToBase64String(ring.Seal(plaintext, Label)));
        return new EncryptedXmlInfo(element, typeof(MasterKeyXmlDecryptor));
    }
}

/// <summary>Opens keys sealed by <see cref="MasterKeyXmlEncryptor"/> (with the current or a previous master key).</summary>
internal sealed class MasterKeyXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        var ring = services.GetRequiredService<MasterKeyRing>();
        var masterKeyId = (string?)encryptedElement.Attribute("masterKeyId") ?? string.Empty;
        var plaintext = ring.Open(Convert.FromBase64String(encryptedElement.Value), masterKeyId, MasterKeyXmlEncryptor.Label);
        return XElement.Parse(Encoding.UTF8.GetString(plaintext));
    }
}
