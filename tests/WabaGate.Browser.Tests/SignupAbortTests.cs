using WabaGate.Browser.Tests.Infrastructure;

namespace WabaGate.Browser.Tests;

/// <summary>Embedded Signup that does not finish: cancelled in the dialog, the popup closed, or blocked.</summary>
public sealed class SignupAbortTests(BrowserFixture browser) : SignupTest(browser)
{
    [Fact]
    public async Task Cancel_posts_CANCEL_with_the_current_step_and_the_callback_gets_no_authResponse()
    {
        await HostPage.OpenAsync(Host.PageUrl());
        var dialog = await HostPage.ConnectAsync();
        await dialog.ExpectStepAsync("BUSINESS_ACCOUNT_SELECTION");
        await dialog.Page.FillAsync("#es-business-name", "Cancelled Ltd");
        await dialog.ContinueAsync();
        await dialog.ContinueAsync();
        await dialog.ContinueAsync();
        await dialog.ExpectStepAsync("PHONE_NUMBER_SETUP");

        var closed = dialog.Page.WhenClosedAsync();
        await dialog.CancelAsync();
        await closed;

        var cancel = await HostPage.WaitForSessionEventAsync();
        Assert.Equal(Simulator.Origin, cancel.Origin);
        Assert.Equal("string", cancel.DataType);
        Assert.Equal("WA_EMBEDDED_SIGNUP", cancel.Type);
        Assert.Equal("CANCEL", cancel.Event);
        Assert.Equal("PHONE_NUMBER_SETUP", (string)cancel.Data["current_step"]!);

        var login = await HostPage.WaitForLoginResponseAsync();
        Assert.Equal("unknown", (string)login["status"]!);
        Assert.Null(login["authResponse"]);
        Assert.Single(await HostPage.SessionEventsAsync());
    }

    [Fact]
    public async Task Closing_the_popup_posts_CANCEL_with_the_step_it_was_on()
    {
        await HostPage.OpenAsync(Host.PageUrl());
        var dialog = await HostPage.ConnectAsync();
        await dialog.ExpectStepAsync("BUSINESS_ACCOUNT_SELECTION");

        await dialog.Page.CloseAsync(new() { RunBeforeUnload = true });

        var cancel = await HostPage.WaitForSessionEventAsync();
        Assert.Equal("CANCEL", cancel.Event);
        Assert.Equal("BUSINESS_ACCOUNT_SELECTION", (string)cancel.Data["current_step"]!);
        var login = await HostPage.WaitForLoginResponseAsync();
        Assert.Null(login["authResponse"]);
    }

    [Fact]
    public async Task A_blocked_popup_calls_back_without_authResponse()
    {
        // autostart calls FB.login while the page loads, with no user gesture: Chromium's popup blocker stops it.
        await HostPage.OpenAsync(Host.PageUrl(autostart: true));

        var login = await HostPage.WaitForLoginResponseAsync();
        Assert.Equal("unknown", (string)login["status"]!);
        Assert.Null(login["authResponse"]);
        Assert.Single(Context.Pages);
        Assert.Empty(await HostPage.SessionEventsAsync());
    }
}
