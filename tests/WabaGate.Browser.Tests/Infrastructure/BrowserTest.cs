using Microsoft.Playwright;

namespace WabaGate.Browser.Tests.Infrastructure;

/// <summary>
/// Base of a browser test: a fresh context and page per test, browser console errors collected, and on failure
/// a screenshot of every open page (files under <c>{output}/screenshots</c>, also attached to the test result).
/// </summary>
public abstract class BrowserTest(BrowserFixture browser) : IAsyncLifetime
{
    private readonly List<string> log = [];
    private IBrowserContext? context;
    private IPage? page;

    /// <summary>The shared browser.</summary>
    protected BrowserFixture BrowserFixture => browser;

    /// <summary>This test's context (its own cookies and storage).</summary>
    protected IBrowserContext Context => context ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>This test's first page.</summary>
    protected IPage Page => page ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>Options of this test's context; override to set a base URL, viewport, locale…</summary>
    protected virtual BrowserNewContextOptions ContextOptions => new();

    public virtual async ValueTask InitializeAsync()
    {
        context = await browser.NewContextAsync(ContextOptions);
        context.Page += (_, p) => Watch(p);
        page = await context.NewPageAsync();
    }

    public virtual async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        if (context is null) return;
        if (TestContext.Current.TestState?.Result == TestResult.Failed) await FailureArtifacts.CaptureAsync(context, log);
        await context.DisposeAsync();
    }

    private void Watch(IPage p)
    {
        p.Console += (_, m) =>
        {
            if (m.Type is "error" or "warning") Record($"console.{m.Type} {p.Url}: {m.Text}");
        };
        p.PageError += (_, e) => Record($"pageerror {p.Url}: {e}");
    }

    private void Record(string line)
    {
        lock (log) log.Add(line);
    }
}
