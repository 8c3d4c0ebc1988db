using System.Security.Cryptography;
using System.Text.Json;

namespace WabaGate.Server.Features.Sandbox;

/// <summary>
/// The simulated Meta app of a sandbox installation. Generated once into the data directory (so webhook
/// signatures and verify tokens stay stable across restarts); any <c>Meta:*</c> value that is configured wins,
/// which lets outside tools sign webhooks and call the simulated Graph with known credentials.
/// </summary>
internal sealed record SandboxApp(string AppId, string AppSecret, string ConfigId, string WebhookVerifyToken)
{
    private const string FileName = "sandbox-app.json";

    public static SandboxApp LoadOrCreate(IConfiguration configuration)
    {
        var directory = Path.GetFullPath(configuration["WabaGate:DataDirectory"] ?? "./data");
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, FileName);

        SandboxApp stored;
        if (File.Exists(path))
        {
            stored = JsonSerializer.Deserialize<SandboxApp>(File.ReadAllText(path))
                ?? throw new InvalidOperationException($"{path} is not a valid sandbox app file; delete it to generate a new one.");
        }
        else
        {
            stored = new SandboxApp(
                AppId: "9" + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
                AppSecret: Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                ConfigId: "8" + RandomNumberGenerator.GetInt32(100_000_000, 999_999_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
                WebhookVerifyToken: Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12)));
            var temp = path + ".tmp";
            File.WriteAllText(temp, JsonSerializer.Serialize(stored));
            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(temp, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            File.Move(temp, path, overwrite: true);
        }

        return new SandboxApp(
            Pick(configuration, "AppId", stored.AppId),
            Pick(configuration, "AppSecret", stored.AppSecret),
            Pick(configuration, "ConfigId", stored.ConfigId),
            Pick(configuration, "WebhookVerifyToken", stored.WebhookVerifyToken));
    }

    private static string Pick(IConfiguration configuration, string key, string generated)
        => configuration[$"Meta:{key}"] is { Length: > 0 } configured ? configured : generated;
}
