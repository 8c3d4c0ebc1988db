namespace WabaGate.Server.Features.Tenancy;

/// <summary>What the sandbox prints to the operator's console (not the logs): a boxed block, once.</summary>
internal static class SandboxBanner
{
    private const int Width = 78;

    public static async Task WriteFirstStartAsync(TextWriter output, string baseUrl, string email, string password, string apiKey)
    {
        string[] lines =
        [
            "WabaGate sandbox: demo organization \"" + SandboxBootstrap.DemoOrganizationName + "\" created",
            string.Empty,
            "Sign in:   " + baseUrl + "/login",
            "Email:     " + email,
            "Password:  " + password,
            "API key:   " + apiKey,
            string.Empty,
            "Try it:",
            $"  curl -H \"Authorization: Bearer {apiKey}\" {baseUrl}/api/v1/me",
            string.Empty,
            "Shown only this once. Set Sandbox__ApiKey=wg_... to fix the key's value.",
        ];
        await WriteBoxAsync(output, lines);
    }

    public static async Task WriteReminderAsync(TextWriter output, string baseUrl, string email)
    {
        await output.WriteLineAsync($"WabaGate sandbox: sign in at {baseUrl}/login as {email} (password printed on first start).");
        await output.FlushAsync();
    }

    private static async Task WriteBoxAsync(TextWriter output, IReadOnlyList<string> lines)
    {
        var width = Math.Max(Width, lines.Max(l => l.Length) + 4);
        await output.WriteLineAsync();
        await output.WriteLineAsync("+" + new string('-', width - 2) + "+");
        foreach (var line in lines)
        {
            await output.WriteLineAsync("| " + line.PadRight(width - 4) + " |");
        }

        await output.WriteLineAsync("+" + new string('-', width - 2) + "+");
        await output.WriteLineAsync();
        await output.FlushAsync();
    }
}
