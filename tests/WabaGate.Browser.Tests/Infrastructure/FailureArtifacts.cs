using Microsoft.Playwright;

namespace WabaGate.Browser.Tests.Infrastructure;

/// <summary>What a failed browser test leaves behind: screenshots of its open pages and the browser's console errors.</summary>
internal static class FailureArtifacts
{
    public static async Task CaptureAsync(IBrowserContext context, IReadOnlyCollection<string> log)
    {
        var test = TestContext.Current;
        var name = Sanitize(test.Test?.TestDisplayName ?? "test");
        var directory = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(directory);
        var index = 0;
        foreach (var page in context.Pages.Where(p => !p.IsClosed))
        {
            var path = Path.Combine(directory, $"{name}-{index++}.png");
            try
            {
                var png = await page.ScreenshotAsync(new() { Path = path, FullPage = true, Timeout = 5_000 });
                test.AddAttachment(Path.GetFileName(path), png, "image/png");
                Say($"Screenshot of {page.Url}: {path}");
            }
            catch (PlaywrightException e)
            {
                Say($"No screenshot of {page.Url}: {e.Message}");
            }
        }

        string[] lines;
        lock (log) lines = [.. log];
        foreach (var line in lines) Say(line);
    }

    private static void Say(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);

    private static string Sanitize(string name)
    {
        var invalid = Path.GetInvalidFileNameChars();
        var clean = new string([.. name.Select(c => invalid.Contains(c) || c is ' ' or '(' or ')' or '"' ? '_' : c)]);
        return clean.Length > 120 ? clean[..120] : clean;
    }
}
