using System.Security.Cryptography;

namespace WabaGate.TestKit;

/// <summary>Settings for gateways that run as in production (a Meta app and a master key, no sandbox).</summary>
public static class GatewaySettings
{
    public static Dictionary<string, string?> Production() => new()
    {
        ["WabaGate:Mode"] = "Production",
        ["WabaGate:MasterKey"] = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
        ["Meta:AppId"] = "1234567890",
        ["Meta:AppSecret"] = "app-secret-for-tests",
        ["Meta:ConfigId"] = "987654321",
        ["Meta:WebhookVerifyToken"] = "verify-token-for-tests",
    };
}
