using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Localization;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Pages.Localization;
using WabaGate.Server.Tests.Tenancy;

namespace WabaGate.Server.Tests.Onboarding;

/// <summary>Settings → WhatsApp and the callback page as HTML: every text translated, roles respected, no secrets.</summary>
public sealed class WhatsAppSettingsPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_text_of_the_settings_and_callback_pages_has_a_portuguese_translation()
    {
        var missing = new ConcurrentBag<string>();
        await using var h = await OnboardingHarness.StartAsync(DatabaseProvider.Sqlite, services: s =>
            s.AddSingleton<IStringLocalizer<UiText>>(sp => new MissRecorder(ActivatorUtilities.CreateInstance<UiStringLocalizer>(sp), missing)));

        // Every state the page explains: active, needs reauthorization, disconnected, manual; and a funnel.
        var (_, active) = await h.ConnectAsync();
        var (_, broken) = await h.ConnectAsync();
        var (_, gone) = await h.ConnectAsync();
        await h.FaultAsync("debug_token", metaCode: 190, httpStatus: 401);
        await h.JsonAsync(HttpMethod.Post, $"/api/v1/connections/{broken.GetProperty("id").GetString()}/health-check");
        await h.SendAsync(HttpMethod.Delete, $"/api/v1/connections/{gone.GetProperty("id").GetString()}");
        var (manual, verifyToken) = await ManualAsync(h);
        await h.JsonAsync(HttpMethod.Patch, $"/api/v1/connections/{manual}", new { enabled = false });
        await h.SendAsync(HttpMethod.Post, "/api/v1/onboarding/embedded-signup/cancel", new { state = await h.StateAsync(), currentStep = "PHONE_NUMBER_SETUP" });

        using var owner = await SignedInAsync(h, OrgRole.Owner);
        var html = WebUtility.HtmlDecode(await owner.GetStringAsync("/settings/whatsapp?culture=pt-BR", Ct));
        var callback = WebUtility.HtmlDecode(await owner.GetStringAsync("/onboarding/callback?culture=pt-BR", Ct));

        Assert.Empty(missing.Distinct().Order());
        Assert.Contains("Precisa de nova autorização", html, StringComparison.Ordinal);
        Assert.Contains("Reconectar com a Meta", html, StringComparison.Ordinal);
        Assert.Contains("Conectar manualmente", html, StringComparison.Ordinal);
        Assert.Contains("PHONE_NUMBER_SETUP", html, StringComparison.Ordinal);
        Assert.Contains(active.GetProperty("name").GetString()!, html, StringComparison.Ordinal);
        Assert.Contains("Voltar às configurações do WhatsApp", callback, StringComparison.Ordinal);
        Assert.DoesNotContain(verifyToken, html, StringComparison.Ordinal); // shown only right after connecting
    }

    [Fact]
    public async Task Agents_get_the_page_without_actions_and_strangers_are_sent_to_sign_in()
    {
        await using var h = await OnboardingHarness.StartAsync(DatabaseProvider.Sqlite);
        await h.ConnectAsync();

        using var agent = await SignedInAsync(h, OrgRole.Agent);
        using var response = await agent.GetAsync("/settings/whatsapp", Ct);
        var html = await response.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("data-testid=\"connection\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("data-action=", html, StringComparison.Ordinal);
        Assert.DoesNotContain("id=\"manual-form\"", html, StringComparison.Ordinal);
        Assert.DoesNotContain("settings-whatsapp.js", html, StringComparison.Ordinal);
        Assert.True(response.Headers.CacheControl?.NoStore);

        using var stranger = Browser(h);
        using var anonymous = await stranger.GetAsync("/settings/whatsapp", Ct);
        Assert.Equal(HttpStatusCode.Redirect, anonymous.StatusCode);
        Assert.Contains("/login", anonymous.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    private static async Task<HttpClient> SignedInAsync(OnboardingHarness h, OrgRole role)
    {
        var (email, password) = await h.Gateway.CreateMemberAsync(h.OrgId, role);
        var browser = Browser(h);
        using var login = await WebSession.LoginAsync(browser, email, password);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return browser;
    }

    // The harness's gateway runs on Kestrel: a plain client with cookies, not following redirects.
    private static HttpClient Browser(OnboardingHarness h)
        => new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new CookieContainer() }) { BaseAddress = h.BaseAddress };

    private static async Task<(string Id, string VerifyToken)> ManualAsync(OnboardingHarness h)
    {
        var session = await h.SignupSessionAsync();
        var wabaId = session.GetProperty("wabaId").GetString()!;
        var phoneNumberId = session.GetProperty("phoneNumberIds")[0].GetString()!;
        var token = await h.IssueTokenAsync(wabaId);
        await h.RegisterAtMetaAsync(phoneNumberId, token);
        var created = await h.JsonAsync(HttpMethod.Post, "/api/v1/connections", new { accessToken = token, wabaId, phoneNumberId, appSecret = "page-test-secret" });
        return (created.GetProperty("id").GetString()!, created.GetProperty("webhook").GetProperty("verifyToken").GetString()!);
    }

    /// <summary>Records every text the pages asked for that has no translation in the request's language.</summary>
    private sealed class MissRecorder(IStringLocalizer<UiText> inner, ConcurrentBag<string> missing) : IStringLocalizer<UiText>
    {
        public LocalizedString this[string name] => Record(inner[name]);

        public LocalizedString this[string name, params object[] arguments] => Record(inner[name, arguments]);

        public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures) => inner.GetAllStrings(includeParentCultures);

        private LocalizedString Record(LocalizedString text)
        {
            if (text.ResourceNotFound)
            {
                missing.Add(text.Name);
            }

            return text;
        }
    }
}
