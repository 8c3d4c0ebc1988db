using Microsoft.Playwright;

namespace WabaGate.Browser.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for the whole test run (an xunit assembly fixture), driven by Playwright. The browser is
/// Debian's <c>/usr/bin/chromium</c> (or <c>WABAGATE_CHROMIUM</c>); Playwright's own browser download is never used.
/// Tests never share pages: each one opens a fresh context with <see cref="NewContextAsync"/>.
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    /// <summary>The environment variable that overrides the Chromium binary.</summary>
    public const string ChromiumVariable = "WABAGATE_CHROMIUM";

    /// <summary>How long Playwright waits for an element, a popup or a page before failing (generous: 2-core CI boxes).</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(20);

    // Headless as root in a container: no sandbox, no GPU, no /dev/shm, and nothing that phones home.
    // Playwright adds a fresh temporary --user-data-dir itself.
    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? playwright;
    private IBrowser? browser;

    /// <summary>The Chromium binary in use.</summary>
    public string ExecutablePath { get; } =
        Environment.GetEnvironmentVariable(ChromiumVariable) is { Length: > 0 } path ? path : "/usr/bin/chromium";

    /// <summary>The running browser.</summary>
    public IBrowser Browser => browser ?? throw new InvalidOperationException("The browser fixture is not initialized.");

    public async ValueTask InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"Chromium not found at '{ExecutablePath}'. Install Debian's 'chromium' package (./test.sh does) " +
                $"or point {ChromiumVariable} at a Chromium binary. Never run Playwright's browser install.");
        }

        Assertions.SetDefaultExpectTimeout((float)DefaultTimeout.TotalMilliseconds);
        playwright = await Playwright.CreateAsync();
        try
        {
            browser = await playwright.Chromium.LaunchAsync(new()
            {
                ExecutablePath = ExecutablePath,
                Headless = true,
                Args = ChromiumArgs,
                // Playwright turns the popup blocker off by default; a real browser has it on, and the SDK's
                // "popup blocked" path is only reachable with it.
                IgnoreDefaultArgs = ["--disable-popup-blocking"],
                Timeout = (float)TimeSpan.FromSeconds(60).TotalMilliseconds,
            });
        }
        catch (PlaywrightException e)
        {
            playwright.Dispose();
            playwright = null;
            throw new InvalidOperationException(
                $"Chromium at '{ExecutablePath}' failed to launch headless (set {ChromiumVariable} to another binary " +
                $"if this one is broken). Playwright said: {e.Message}", e);
        }
    }

    /// <summary>A fresh, isolated browser context (own cookies and storage) with the default timeouts set.</summary>
    public async Task<IBrowserContext> NewContextAsync(BrowserNewContextOptions? options = null)
    {
        var context = await Browser.NewContextAsync(options ?? new());
        context.SetDefaultTimeout((float)DefaultTimeout.TotalMilliseconds);
        context.SetDefaultNavigationTimeout((float)DefaultTimeout.TotalMilliseconds);
        return context;
    }

    public async ValueTask DisposeAsync()
    {
        if (browser is not null) await browser.DisposeAsync();
        playwright?.Dispose();
    }
}
