using System.Security.Cryptography;

namespace WabaGate.Server.Infrastructure.Encryption;

/// <summary>
/// Sandbox only: the master key lives in <c>{DataDirectory}/master.key</c> (base64, mode 0600), created on
/// first start and reused afterwards, so a sandbox works without configuration yet keeps its data readable.
/// </summary>
internal static class MasterKeyFile
{
    public const string FileName = "master.key";

    public static string LoadOrCreate(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        var path = Path.Combine(Path.GetFullPath(dataDirectory), FileName);
        if (!File.Exists(path))
        {
            TryCreate(path);
        }

        return File.ReadAllText(path).Trim();
    }

    private static void TryCreate(string path)
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MasterKeyRing.KeySize));
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        // Written to a private temp file, then moved into place without overwriting: a racing process either
        // wins the move or finds the complete file of the winner; nobody ever reads a half-written key.
        var temp = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        try
        {
            using (var writer = new StreamWriter(temp, options))
            {
                writer.Write(key);
            }

            File.Move(temp, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
        }
        finally
        {
            File.Delete(temp);
        }
    }
}
