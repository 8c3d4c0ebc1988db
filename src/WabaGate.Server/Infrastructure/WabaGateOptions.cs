using System.ComponentModel.DataAnnotations;

namespace WabaGate.Server.Infrastructure;

public enum GatewayMode
{
    Sandbox,
    Production,
}

/// <summary>The <c>WabaGate</c> configuration section.</summary>
public sealed class WabaGateOptions
{
    public const string Section = "WabaGate";

    /// <summary>Resolved on start: explicit <c>WabaGate:Mode</c>, else Sandbox unless <c>Meta:AppId</c> is set.</summary>
    public GatewayMode Mode { get; set; }

    [Required]
    public string DataDirectory { get; set; } = "./data";

    public bool IsSandbox => Mode == GatewayMode.Sandbox;

    public static GatewayMode ResolveMode(IConfiguration configuration)
    {
        var explicitMode = configuration["WabaGate:Mode"];
        if (!string.IsNullOrWhiteSpace(explicitMode))
        {
            return Enum.Parse<GatewayMode>(explicitMode, ignoreCase: true);
        }

        return string.IsNullOrWhiteSpace(configuration["Meta:AppId"]) ? GatewayMode.Sandbox : GatewayMode.Production;
    }
}
