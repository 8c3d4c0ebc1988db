using Microsoft.Playwright;

namespace WabaGate.Browser.Tests.Infrastructure;

internal static class PageExtensions
{
    /// <summary>
    /// A task that completes when <paramref name="page"/> closes (e.g. a popup closing itself). Subscribe before the
    /// action that closes it; fails after <see cref="BrowserFixture.DefaultTimeout"/>.
    /// </summary>
    public static Task WhenClosedAsync(this IPage page)
    {
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        page.Close += (_, _) => closed.TrySetResult();
        if (page.IsClosed) closed.TrySetResult();
        return closed.Task.WaitAsync(BrowserFixture.DefaultTimeout, TestContext.Current.CancellationToken);
    }
}
