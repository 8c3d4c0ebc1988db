namespace WabaGate.Server.Infrastructure;

/// <summary>
/// The <c>Meta</c> section: the Tech Provider's Meta app. In production every value but the Graph settings is
/// required; in sandbox mode values that are set are given to the simulated app, the rest are generated.
/// </summary>
public sealed class MetaOptions
{
    public const string Section = "Meta";

    public string? AppId { get; set; }

    public string? AppSecret { get; set; }

    public string? ConfigId { get; set; }

    public string? WebhookVerifyToken { get; set; }

    public string GraphVersion { get; set; } = "v24.0";

    /// <summary>Graph's origin (without version). Defaults to Meta's, or to the simulator in sandbox mode.</summary>
    public string? GraphBaseUrl { get; set; }

    /// <summary>The SDK the Embedded Signup page loads; the simulator's shim in sandbox mode.</summary>
    public string SdkUrl { get; set; } = "https://connect.facebook.net/en_US/sdk.js";

    public IEnumerable<string> MissingForProduction()
    {
        if (string.IsNullOrWhiteSpace(AppId))
        {
            yield return "Meta:AppId";
        }

        if (string.IsNullOrWhiteSpace(AppSecret))
        {
            yield return "Meta:AppSecret";
        }

        if (string.IsNullOrWhiteSpace(ConfigId))
        {
            yield return "Meta:ConfigId";
        }

        if (string.IsNullOrWhiteSpace(WebhookVerifyToken))
        {
            yield return "Meta:WebhookVerifyToken";
        }
    }
}
