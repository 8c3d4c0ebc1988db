using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Browser.Tests.Infrastructure;

/// <summary>
/// A browser test against the gateway's own UI: a whole gateway in sandbox mode (SQLite, the simulated Meta under
/// <c>/sandbox/meta</c>) on a loopback port, one organization, and helpers to sign its members in.
/// </summary>
public abstract class GatewayTest(BrowserFixture browser) : BrowserTest(browser)
{
    private const string Password = "correct horse battery";
    private GatewayFactory? gateway;
    private HttpClient? api;

    internal GatewayFactory Gateway => gateway ?? throw new InvalidOperationException("Not initialized.");

    /// <summary>E.g. <c>http://127.0.0.1:40123</c>.</summary>
    internal string BaseUrl { get; private set; } = string.Empty;

    internal Guid OrgId { get; private set; }

    /// <summary>The organization's API client (Admin key), for arranging state the test is not about.</summary>
    internal HttpClient Api => api ?? throw new InvalidOperationException("Not initialized.");

    protected static CancellationToken Ct => TestContext.Current.CancellationToken;

    public override async ValueTask InitializeAsync()
    {
        gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        BaseUrl = gateway.StartOnLoopback().ToString().TrimEnd('/');
        var org = await gateway.CreateOrganizationAsync("Padaria Demo");
        org.Client.Dispose();
        OrgId = org.OrgId;
        api = new HttpClient { BaseAddress = new Uri(BaseUrl) };
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", org.ApiKey);
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        GC.SuppressFinalize(this);
        await base.DisposeAsync();
        api?.Dispose();
        if (gateway is not null) await gateway.DisposeAsync();
    }

    /// <summary>Creates a member with a password and signs <see cref="BrowserTest.Page"/> in through the login form.</summary>
    internal async Task SignInAsync(OrgRole role = OrgRole.Owner)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.test";
        await Gateway.InScopeAsync(async sp =>
        {
            var user = new AppUser { UserName = email, Email = email, EmailConfirmed = true };
            var result = await sp.GetRequiredService<UserManager<AppUser>>().CreateAsync(user, Password);
            Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
            var db = sp.GetRequiredService<AppDbContext>();
            db.Memberships.Add(new Membership { UserId = user.Id, OrgId = OrgId, Role = role });
            return await db.SaveChangesAsync(Ct);
        });

        await Page.GotoAsync(BaseUrl + "/login");
        await Page.FillAsync("#Email", email);
        await Page.FillAsync("#Password", Password);
        await Page.ClickAsync("button[type=submit]");
        await Assertions.Expect(Page.Locator("[data-testid=org-name]")).ToHaveTextAsync("Padaria Demo");
    }

    /// <summary>Opens Settings → WhatsApp from the main navigation, as a user would.</summary>
    internal async Task OpenWhatsAppSettingsAsync()
    {
        await Page.ClickAsync("nav.mainnav a[href='/settings/whatsapp']");
        await Assertions.Expect(Page).ToHaveURLAsync(BaseUrl + "/settings/whatsapp");
        await SettingsReadyAsync();
    }

    /// <summary>
    /// Waits until the settings page's script has attached its handlers: a click on a server-rendered button before
    /// that would do nothing (and the test would wait in vain for its effect).
    /// </summary>
    internal Task SettingsReadyAsync() => Assertions.Expect(Page.Locator("#whatsapp-settings")).ToHaveAttributeAsync("data-ready", "true");

    /// <summary>A simulated Embedded Signup finished outside the browser and completed through the API: an active connection.</summary>
    internal async Task<(JsonElement Session, JsonElement Connection)> ConnectThroughApiAsync()
    {
        var session = await SimulatorAsync("/sandbox/meta/signup-sessions", new { phoneNumbers = 1 });
        var config = await Api.GetFromJsonAsync<JsonElement>("/api/v1/onboarding/embedded-signup/config", Ct);
        using var response = await Api.PostAsJsonAsync("/api/v1/onboarding/embedded-signup/complete", new
        {
            code = session.GetProperty("code").GetString(),
            state = config.GetProperty("state").GetString(),
            wabaId = session.GetProperty("wabaId").GetString(),
        }, Ct);
        response.EnsureSuccessStatusCode();
        return (session, await response.Content.ReadFromJsonAsync<JsonElement>(Ct));
    }

    /// <summary>POSTs to the simulator's control API and returns the JSON answer.</summary>
    internal async Task<JsonElement> SimulatorAsync(string path, object body)
    {
        using var response = await Api.PostAsJsonAsync(path, body, Ct);
        response.EnsureSuccessStatusCode();
        var text = await response.Content.ReadAsStringAsync(Ct);
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>The connection card of <paramref name="connectionId"/> on the settings page.</summary>
    internal ILocator ConnectionCard(string connectionId) => Page.Locator($"[data-testid=connection][data-connection-id='{connectionId}']");
}
