using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WabaGate.Browser.Tests.Infrastructure;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Onboarding;

namespace WabaGate.Browser.Tests;

/// <summary>Settings → WhatsApp in headless Chromium against a sandbox gateway: connect, cancel, blocked pop-up, manual, disconnect.</summary>
public sealed class WhatsAppSettingsTests(BrowserFixture browser) : GatewayTest(browser)
{
    [Fact]
    public async Task Connect_with_meta_walks_the_simulated_signup_and_lists_the_number_as_active()
    {
        await SignInAsync();
        await OpenWhatsAppSettingsAsync();
        await Assertions.Expect(Page.Locator("[data-testid=no-connections]")).ToBeVisibleAsync();

        var popup = await Page.RunAndWaitForPopupAsync(() => Page.ClickAsync("#connect-meta"));
        var dialog = new SignupDialog(popup);
        await dialog.WaitForLoadAsync();
        Assert.StartsWith(BaseUrl + "/sandbox/meta/dialog/oauth?", popup.Url, StringComparison.Ordinal);
        await Assertions.Expect(Page.Locator("#signup")).ToHaveAttributeAsync("data-state", "pending");
        await dialog.WalkToPermissionsAsync("Padaria Pão Quente", "+55 11 4000 1234");
        await dialog.ConfirmAsync();

        var card = Page.Locator("[data-testid=connection]");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(card.Locator("[data-testid=connection-status]")).ToHaveTextAsync("Active");
        var number = card.Locator("[data-testid=phone-number]");
        await Assertions.Expect(number).ToHaveCountAsync(1);
        await Assertions.Expect(number).ToContainTextAsync("+551140001234");
        await Assertions.Expect(number).ToContainTextAsync("Padaria Pão Quente");
        await Assertions.Expect(number.Locator("[data-testid=quality]")).Not.ToHaveTextAsync("—");

        var connections = await Gateway.InScopeAsync(sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(OrgId);
            return sp.GetRequiredService<AppDbContext>().Set<Connection>().Select(c => c.Status).ToListAsync(Ct);
        });
        Assert.Equal([ConnectionStatus.Active], connections);
    }

    [Fact]
    public async Task Cancelling_in_the_dialog_returns_to_idle_and_the_cancel_is_counted_by_step()
    {
        await SignInAsync();
        await OpenWhatsAppSettingsAsync();
        var popup = await Page.RunAndWaitForPopupAsync(() => Page.ClickAsync("#connect-meta"));
        var dialog = new SignupDialog(popup);
        await dialog.WaitForLoadAsync();
        await dialog.ExpectStepAsync("BUSINESS_ACCOUNT_SELECTION");
        await popup.FillAsync("#es-business-name", "Cancelled Ltd");
        await dialog.ContinueAsync();
        await dialog.ExpectStepAsync("WABA_PHONE_PROFILE_PICKER");

        var closed = popup.WhenClosedAsync();
        await dialog.CancelAsync();
        await closed;

        await Assertions.Expect(Page.Locator("#signup")).ToHaveAttributeAsync("data-state", "idle");
        await Assertions.Expect(Page.Locator("#signup-status")).ToHaveTextAsync("Signup cancelled. Nothing was changed.");
        await Assertions.Expect(Page.Locator("#signup-retry")).ToBeHiddenAsync();

        // The cancel went to the API: the funnel counts it at the step the user left.
        var funnel = await WaitForAsync(async () => await Gateway.InScopeAsync(sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(OrgId);
            return sp.GetRequiredService<SignupFunnel>().ReadAsync(Ct);
        }), f => f.Cancelled == 1);
        Assert.Equal([new SignupCancelCount("WABA_PHONE_PROFILE_PICKER", 1)], funnel.CancelledAt);
        await Page.ReloadAsync();
        await SettingsReadyAsync();
        await Assertions.Expect(Page.Locator("[data-testid=funnel-step][data-step=WABA_PHONE_PROFILE_PICKER]")).ToContainTextAsync("1");
        await Assertions.Expect(Page.Locator("[data-testid=connection]")).ToHaveCountAsync(0);

        // Back at idle the button works again.
        var again = await Page.RunAndWaitForPopupAsync(() => Page.ClickAsync("#connect-meta"));
        await new SignupDialog(again).ExpectStepAsync("BUSINESS_ACCOUNT_SELECTION");
    }

    [Fact]
    public async Task When_the_window_closes_without_a_message_the_page_polls_and_finds_the_connection()
    {
        await SignInAsync();
        await OpenWhatsAppSettingsAsync();
        var popup = await Page.RunAndWaitForPopupAsync(() => Page.ClickAsync("#connect-meta"));
        await new SignupDialog(popup).ExpectStepAsync("BUSINESS_ACCOUNT_SELECTION");

        // The window loses its opener and closes: no CANCEL message reaches the page, only a login callback without a code.
        await popup.EvaluateAsync("() => { window.opener = null; }");
        await popup.CloseAsync();
        await Assertions.Expect(Page.Locator("#signup")).ToHaveAttributeAsync("data-state", "checking");

        // The signup finished anyway (say, in another tab): the status poll picks it up.
        var (_, connection) = await ConnectThroughApiAsync();
        await Assertions.Expect(ConnectionCard(connection.GetProperty("id").GetString()!)).ToHaveAttributeAsync("data-status", "active");
    }

    [Fact]
    public async Task A_blocked_popup_is_reported_with_a_retry()
    {
        await Context.AddInitScriptAsync("window.open = function () { return null; };");
        await SignInAsync();
        await OpenWhatsAppSettingsAsync();

        await Page.ClickAsync("#connect-meta");

        await Assertions.Expect(Page.Locator("#signup")).ToHaveAttributeAsync("data-state", "error");
        await Assertions.Expect(Page.Locator("#signup-status")).ToContainTextAsync("The browser blocked the Meta window");
        await Assertions.Expect(Page.Locator("#signup-retry")).ToBeVisibleAsync();
        Assert.Single(Context.Pages);
    }

    [Fact]
    public async Task The_manual_form_connects_and_shows_the_webhook_url_and_verify_token_once()
    {
        var session = await SimulatorAsync("/sandbox/meta/signup-sessions", new { phoneNumbers = 1 });
        var wabaId = session.GetProperty("wabaId").GetString()!;
        var phoneNumberId = session.GetProperty("phoneNumberIds")[0].GetString()!;
        var token = (await SimulatorAsync("/sandbox/meta/tokens", new { wabaIds = new[] { wabaId } })).GetProperty("accessToken").GetString()!;
        using (var register = new HttpRequestMessage(HttpMethod.Post, $"/sandbox/meta/graph/v24.0/{phoneNumberId}/register"))
        {
            register.Content = JsonContent.Create(new { messaging_product = "whatsapp", pin = "123456" });
            register.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
            using var registered = await Api.SendAsync(register, Ct);
            registered.EnsureSuccessStatusCode();
        }

        await SignInAsync();
        await OpenWhatsAppSettingsAsync();
        var form = Page.Locator("#manual-form");
        await form.Locator("[name=accessToken]").FillAsync("EAAwrong-token");
        await form.Locator("[name=wabaId]").FillAsync(wabaId);
        await form.Locator("[name=phoneNumberId]").FillAsync(phoneNumberId);
        await form.Locator("[name=appSecret]").FillAsync("manual-app-secret-42");
        await form.Locator("[name=name]").FillAsync("Loja Manual");
        await Page.ClickAsync("#manual-submit");
        await Assertions.Expect(Page.Locator("#manual-error")).ToContainTextAsync("Meta refused these credentials");

        await form.Locator("[name=accessToken]").FillAsync(token);
        await Page.ClickAsync("#manual-submit");

        await Assertions.Expect(Page.Locator("#manual-result")).ToBeVisibleAsync();
        await Assertions.Expect(Page.Locator("#manual-webhook-url")).ToHaveTextAsync(new Regex("^" + Regex.Escape(BaseUrl + "/webhooks/meta/") + "[A-Za-z0-9_-]+$"));
        var verifyToken = (await Page.Locator("#manual-verify-token").InnerTextAsync()).Trim();
        Assert.True(verifyToken.Length >= 20, verifyToken);
        await Assertions.Expect(form).ToBeHiddenAsync();

        await Page.ClickAsync("#manual-done");
        var card = Page.Locator("[data-testid=connection]");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-kind", "manual");
        await Assertions.Expect(card.Locator(".connection-name")).ToHaveTextAsync("Loja Manual");
        var html = await Page.ContentAsync();
        Assert.DoesNotContain(verifyToken, html, StringComparison.Ordinal);
        Assert.DoesNotContain(token, html, StringComparison.Ordinal);
        Assert.DoesNotContain("manual-app-secret-42", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Disconnect_asks_for_confirmation_and_then_offers_to_reconnect()
    {
        var (_, connection) = await ConnectThroughApiAsync();
        var id = connection.GetProperty("id").GetString()!;
        await SignInAsync(OrgRole.Admin);
        await OpenWhatsAppSettingsAsync();
        var card = ConnectionCard(id);
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "active");

        await card.Locator("[data-action=disconnect]").ClickAsync();
        var dialog = Page.Locator("#disconnect-dialog");
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await Assertions.Expect(dialog.Locator("#disconnect-name")).ToHaveTextAsync(connection.GetProperty("name").GetString()!);
        await Page.ClickAsync("#disconnect-cancel");
        await Assertions.Expect(dialog).ToBeHiddenAsync();
        await Page.ReloadAsync();
        await SettingsReadyAsync();
        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "active");

        await card.Locator("[data-action=disconnect]").ClickAsync();
        await Page.ClickAsync("#disconnect-confirm");

        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "disconnected");
        await Assertions.Expect(card.Locator("[data-action=reconnect]")).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("[data-action=disconnect]")).ToHaveCountAsync(0);
        await Assertions.Expect(card.Locator("[data-testid=phone-number]")).ToHaveCountAsync(1); // history kept
    }

    [Fact]
    public async Task Needs_reauthorization_shows_the_reason_and_the_fix_and_health_check_reports_checks()
    {
        var (_, connection) = await ConnectThroughApiAsync();
        var id = connection.GetProperty("id").GetString()!;
        await SignInAsync();
        await OpenWhatsAppSettingsAsync();
        var card = ConnectionCard(id);

        await card.Locator("[data-action=health]").ClickAsync();
        await Assertions.Expect(card.Locator("[data-health-result] li[data-check=token]")).ToContainTextAsync("✓");

        await SimulatorAsync("/sandbox/meta/faults", new { endpoint = "debug_token", metaCode = 190, httpStatus = 401, count = 1 });
        await card.Locator("[data-action=health]").ClickAsync();

        await Assertions.Expect(card).ToHaveAttributeAsync("data-status", "needs_reauthorization");
        await Assertions.Expect(card.Locator("[data-testid=connection-reason]")).ToContainTextAsync("190");
        await Assertions.Expect(card.Locator("[data-testid=connection-fix]")).ToContainTextAsync("Reconnect with Meta");
        await Assertions.Expect(card.Locator("[data-action=reconnect]")).ToBeVisibleAsync();
        await Assertions.Expect(card.Locator("[data-health-result] li[data-check=token]")).ToContainTextAsync("✗");
    }

    [Fact]
    public async Task An_agent_sees_connections_read_only_and_in_portuguese()
    {
        await ConnectThroughApiAsync();
        await SignInAsync(OrgRole.Agent);
        await Page.GotoAsync(BaseUrl + "/settings/whatsapp?culture=pt-BR");

        var card = Page.Locator("[data-testid=connection]");
        await Assertions.Expect(card).ToHaveCountAsync(1);
        await Assertions.Expect(card.Locator("[data-testid=connection-status]")).ToHaveTextAsync("Ativa");
        await Assertions.Expect(Page.Locator("h2").First).ToHaveTextAsync("Conexões");
        await Assertions.Expect(Page.Locator("#connect-meta")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("[data-action]")).ToHaveCountAsync(0);
        await Assertions.Expect(Page.Locator("#manual-form")).ToHaveCountAsync(0);
    }

    [Fact]
    public async Task The_redirect_flow_callback_completes_inline_when_there_is_no_opener()
    {
        await SignInAsync();
        await OpenWhatsAppSettingsAsync();
        var config = JsonDocument.Parse(await Page.EvaluateAsync<string>("""
            async () => JSON.stringify(await (await fetch('/api/v1/onboarding/embedded-signup/config', { headers: { 'X-Requested-With': 'test' } })).json())
            """)).RootElement;
        var redirect = BaseUrl + "/onboarding/callback";
        var query = $"app_id={config.GetProperty("appId").GetString()}&config_id={config.GetProperty("configId").GetString()}&response_type=code" +
            $"&redirect_uri={Uri.EscapeDataString(redirect)}&state={Uri.EscapeDataString(config.GetProperty("state").GetString()!)}";

        // Meta's manual redirect flow, opened as a page of its own: the dialog redirects to the callback with code and state.
        await Page.GotoAsync(BaseUrl + "/sandbox/meta/dialog/oauth?" + query);
        var dialog = new SignupDialog(Page);
        await dialog.WalkToPermissionsAsync("Redirect Bakery", "+55 21 3000 4321");
        await dialog.ContinueAsync();

        await Assertions.Expect(Page).ToHaveURLAsync(redirect); // the code is removed from the address
        await Assertions.Expect(Page.Locator("#callback")).ToHaveAttributeAsync("data-state", "success");
        await Page.ClickAsync("#callback-back");
        await Assertions.Expect(Page.Locator("[data-testid=connection]")).ToHaveAttributeAsync("data-status", "active");
        await Assertions.Expect(Page.Locator("[data-testid=phone-number]")).ToContainTextAsync("+552130004321");
    }

    [Fact]
    public async Task In_a_popup_the_callback_hands_code_and_state_to_its_opener_only_and_closes()
    {
        await SignInAsync();
        await OpenWhatsAppSettingsAsync();
        await Page.EvaluateAsync("""
            () => { window.relayed = []; window.addEventListener('message', e => window.relayed.push({ origin: e.origin, data: e.data })); }
            """);

        var popup = await Page.RunAndWaitForPopupAsync(() =>
            Page.EvaluateAsync("() => { window.open('/onboarding/callback?code=the-code&state=the-state', 'callback', 'width=400,height=300'); }"));
        await popup.WhenClosedAsync();

        await Page.WaitForFunctionAsync("() => window.relayed.some(m => m.data && m.data.type === 'WABAGATE_SIGNUP_CALLBACK')");
        var relayed = JsonDocument.Parse(await Page.EvaluateAsync<string>(
            "() => JSON.stringify(window.relayed.filter(m => m.data && m.data.type === 'WABAGATE_SIGNUP_CALLBACK'))")).RootElement;
        Assert.Equal(1, relayed.GetArrayLength());
        Assert.Equal(BaseUrl, relayed[0].GetProperty("origin").GetString());
        Assert.Equal("the-code", relayed[0].GetProperty("data").GetProperty("code").GetString());
        Assert.Equal("the-state", relayed[0].GetProperty("data").GetProperty("state").GetString());

        // The settings page's signup ignores a relay for a state it did not issue: nothing changes.
        await Assertions.Expect(Page.Locator("#signup")).ToHaveAttributeAsync("data-state", "idle");
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + BrowserFixture.DefaultTimeout;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100, Ct);
        }
    }
}
