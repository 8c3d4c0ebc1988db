using System.Net;
using WabaGate.Browser.Tests.Infrastructure;

namespace WabaGate.Browser.Tests;

/// <summary>Embedded Signup carried to the end in headless Chromium: session events, the login callback, the code.</summary>
public sealed class SignupFinishTests(BrowserFixture browser) : SignupTest(browser)
{
    [Fact]
    public async Task Finish_posts_FINISH_to_the_host_and_the_callback_gets_a_code_that_exchanges_once()
    {
        await HostPage.OpenAsync(Host.PageUrl());
        var dialog = await HostPage.ConnectAsync();
        Assert.StartsWith(Simulator.BaseUrl + "/dialog/oauth?", dialog.Page.Url, StringComparison.Ordinal);

        await dialog.WalkToPermissionsAsync("Padaria Pão Quente", "+55 11 4000 1234");
        await dialog.ConfirmAsync();

        var finish = await HostPage.WaitForSessionEventAsync();
        Assert.Equal(Simulator.Origin, finish.Origin);
        Assert.Equal("string", finish.DataType);
        Assert.Equal("WA_EMBEDDED_SIGNUP", finish.Type);
        Assert.Equal("FINISH", finish.Event);
        var phoneId = (string)finish.Data["phone_number_id"]!;
        var wabaId = (string)finish.Data["waba_id"]!;
        Assert.All(new[] { phoneId, wabaId, (string)finish.Data["business_id"]! }, id => Assert.Matches("^[0-9]+$", id));

        var login = await HostPage.WaitForLoginResponseAsync();
        Assert.Equal("connected", (string)login["status"]!);
        var code = (string)login["authResponse"]!["code"]!;
        Assert.False(string.IsNullOrEmpty(code));

        var (status, token) = await ExchangeCodeAsync(code);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.False(string.IsNullOrEmpty((string?)token["access_token"]));
        Assert.Equal("bearer", (string)token["token_type"]!);
        var (phoneStatus, phone) = await GraphGetAsync($"{phoneId}?fields=display_phone_number,verified_name", (string)token["access_token"]!);
        Assert.Equal(HttpStatusCode.OK, phoneStatus);
        Assert.Equal("+551140001234", (string)phone["display_phone_number"]!);
        Assert.Equal("Padaria Pão Quente", (string)phone["verified_name"]!);

        var (reuseStatus, reuse) = await ExchangeCodeAsync(code);
        Assert.Equal(HttpStatusCode.BadRequest, reuseStatus);
        Assert.Equal(100, (int)reuse["error"]!["code"]!);
        Assert.Equal(36009, (int)reuse["error"]!["error_subcode"]!);

        Assert.Single(await HostPage.SessionEventsAsync());
        Assert.Single(await HostPage.LoginResponsesAsync());
    }

    [Fact]
    public async Task Only_waba_sharing_skips_the_phone_screens_and_posts_FINISH_ONLY_WABA()
    {
        await HostPage.OpenAsync(Host.PageUrl(featureType: "only_waba_sharing"));
        var dialog = await HostPage.ConnectAsync();

        await dialog.ExpectStepAsync("BUSINESS_ACCOUNT_SELECTION");
        await dialog.Page.FillAsync("#es-business-name", "Oficina do Zé");
        await dialog.ContinueAsync();
        await dialog.ExpectStepAsync("WABA_PHONE_PROFILE_PICKER");
        await dialog.ContinueAsync(); // the WABA name was prefilled from the business name
        await dialog.ConfirmAsync();

        var finish = await HostPage.WaitForSessionEventAsync();
        Assert.Equal(Simulator.Origin, finish.Origin);
        Assert.Equal("string", finish.DataType);
        Assert.Equal("FINISH_ONLY_WABA", finish.Event);
        Assert.Matches("^[0-9]+$", (string)finish.Data["waba_id"]!);
        Assert.Null(finish.Data["phone_number_id"]);

        var login = await HostPage.WaitForLoginResponseAsync();
        var (status, _) = await ExchangeCodeAsync((string)login["authResponse"]!["code"]!);
        Assert.Equal(HttpStatusCode.OK, status);
    }
}
