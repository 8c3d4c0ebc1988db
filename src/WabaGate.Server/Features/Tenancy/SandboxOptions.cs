namespace WabaGate.Server.Features.Tenancy;

/// <summary>The <c>Sandbox</c> section: the demo organization made on the first start in sandbox mode.</summary>
internal sealed class SandboxOptions
{
    public const string Section = "Sandbox";

    public const int MinimumApiKeyLength = 20;

    /// <summary>Create the demo organization when the database has none (default on; the test kit turns it off).</summary>
    public bool Bootstrap { get; set; } = true;

    /// <summary>Fixes the demo organization's API key, so scripts can use it (<c>Sandbox__ApiKey=wg_demo_…</c>).</summary>
    public string? ApiKey { get; set; }

    /// <summary>The demo owner's password; generated (and printed once) when unset.</summary>
    public string? DemoPassword { get; set; }

    public const string ApiKeyRule = "Sandbox:ApiKey must start with 'wg_', be 20 to 200 characters long and contain no spaces (e.g. wg_demo_0123456789abcdef).";

    /// <summary>The rule for <see cref="ApiKey"/>; <see langword="null"/> when the value is fine (or unset).</summary>
    public static string? ValidateApiKey(string? key)
        => key is null || (key.StartsWith(ApiKeySecret.Prefix, StringComparison.Ordinal)
                && key.Length is >= MinimumApiKeyLength and <= 200 && !key.Any(char.IsWhiteSpace))
            ? null
            : ApiKeyRule;
}
