using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Tenancy;

public sealed class WebSignInTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Wrong_password_shows_an_error_and_the_right_one_opens_the_dashboard_and_the_api(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var org = await gateway.CreateOrganizationAsync("Clinica Beta");
        var (email, password) = await gateway.CreateMemberAsync(org.OrgId, OrgRole.Owner);
        using var browser = gateway.Browser();

        using var wrong = await WebSession.LoginAsync(browser, email, "not the password");
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        Assert.Contains("Invalid email or password.", await wrong.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        using var right = await WebSession.LoginAsync(browser, email, password);
        Assert.Equal(HttpStatusCode.Redirect, right.StatusCode);
        var cookie = Assert.Single(right.Headers.GetValues("Set-Cookie"), c => c.StartsWith("wabagate.session=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);

        var dashboard = await browser.GetStringAsync("/", ct);
        Assert.Contains("Clinica Beta", dashboard, StringComparison.Ordinal);
        Assert.Contains("sandbox", dashboard, StringComparison.Ordinal);

        var me = await browser.GetFromJsonAsync<JsonElement>("/api/v1/me", ct);
        Assert.Equal(org.OrgId, me.GetProperty("organization").GetProperty("id").GetGuid());
        Assert.Equal("user", me.GetProperty("authenticatedAs").GetString());
        Assert.Equal("Owner", me.GetProperty("role").GetString());

        // Tenant data through the cookie: the organization's own key is listed.
        Assert.Contains("\"name\":\"test\"", await browser.GetStringAsync("/api/v1/api-keys", ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Api_requests_without_credentials_get_401_not_a_redirect_while_pages_redirect_to_login()
    {
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        using var browser = gateway.Browser();

        using var api = await browser.GetAsync("/api/v1/me", TestContext.Current.CancellationToken);
        using var page = await browser.GetAsync("/settings/api-keys", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Unauthorized, api.StatusCode);
        Assert.Null(api.Headers.Location);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/login?ReturnUrl=", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_agent_gets_403_on_key_management_in_the_api_and_the_ui()
    {
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres);
        var org = await gateway.CreateOrganizationAsync();
        var (email, password) = await gateway.CreateMemberAsync(org.OrgId, OrgRole.Agent);
        using var browser = gateway.Browser();
        await WebSession.LoginAsync(browser, email, password);

        using var api = await browser.GetAsync("/api/v1/api-keys", TestContext.Current.CancellationToken);
        using var page = await browser.GetAsync("/settings/api-keys", TestContext.Current.CancellationToken);
        var me = await browser.GetFromJsonAsync<JsonElement>("/api/v1/me", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Forbidden, api.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/access-denied", page.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal("Agent", me.GetProperty("role").GetString());
    }

    [Fact]
    public async Task Cookie_authenticated_unsafe_api_calls_need_the_x_requested_with_header()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        var org = await gateway.CreateOrganizationAsync();
        var (email, password) = await gateway.CreateMemberAsync(org.OrgId, OrgRole.Admin);
        using var browser = gateway.Browser();
        await WebSession.LoginAsync(browser, email, password);

        using var forged = await browser.PostAsJsonAsync("/api/v1/api-keys", new { name = "forged" }, ct);
        Assert.Equal(HttpStatusCode.Forbidden, forged.StatusCode);
        Assert.Contains("csrf_header_required", await forged.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);

        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/api-keys") { Content = JsonContent.Create(new { name = "from ui" }) };
        request.Headers.Add("X-Requested-With", "fetch");
        using var allowed = await browser.SendAsync(request, ct);
        Assert.Equal(HttpStatusCode.Created, allowed.StatusCode);

        // API-key callers are not affected by the rule.
        Assert.Equal(HttpStatusCode.Created, (await org.Client.PostAsJsonAsync("/api/v1/api-keys", new { name = "script" }, ct)).StatusCode);
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        var org = await gateway.CreateOrganizationAsync();
        var (email, password) = await gateway.CreateMemberAsync(org.OrgId, OrgRole.Owner);
        using var browser = gateway.Browser();

        for (var i = 0; i < 5; i++)
        {
            await WebSession.LoginAsync(browser, email, "wrong password " + i);
        }

        using var locked = await WebSession.LoginAsync(browser, email, password);
        Assert.Equal(HttpStatusCode.OK, locked.StatusCode);
        Assert.Contains("Too many failed attempts", await locked.Content.ReadAsStringAsync(ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Removing_the_membership_ends_the_session()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        var org = await gateway.CreateOrganizationAsync();
        var (email, password) = await gateway.CreateMemberAsync(org.OrgId, OrgRole.Owner);
        using var browser = gateway.Browser();
        await WebSession.LoginAsync(browser, email, password);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/api/v1/me", ct)).StatusCode);

        await gateway.InScopeAsync(sp => sp.GetRequiredService<AppDbContext>().Memberships.ExecuteDeleteAsync(ct));

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.GetAsync("/api/v1/me", ct)).StatusCode);
    }

    [Fact]
    public async Task Api_keys_page_shows_a_new_secret_once_and_revokes()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres);
        var org = await gateway.CreateOrganizationAsync();
        var (email, password) = await gateway.CreateMemberAsync(org.OrgId, OrgRole.Owner);
        using var browser = gateway.Browser();
        await WebSession.LoginAsync(browser, email, password);

        using var created = await WebSession.PostFormAsync(browser, "/settings/api-keys?handler=Create",
            new Dictionary<string, string> { ["NewKeyName"] = "billing" }, formPath: "/settings/api-keys");
        var html = await created.Content.ReadAsStringAsync(ct);
        var secret = System.Text.RegularExpressions.Regex.Match(html, "id=\"new-secret\">(wg_[^<]+)<").Groups[1].Value;
        Assert.StartsWith("wg_", secret, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, await browser.GetStringAsync("/settings/api-keys", ct), StringComparison.Ordinal);

        var keyId = await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(org.OrgId);
            return await sp.GetRequiredService<AppDbContext>().Set<ApiKey>().Where(k => k.Name == "billing").Select(k => k.Id).SingleAsync(ct);
        });
        using var revoked = await WebSession.PostFormAsync(browser, $"/settings/api-keys?handler=Revoke&id={keyId}",
            new Dictionary<string, string>(), formPath: "/settings/api-keys");
        Assert.Equal(HttpStatusCode.Redirect, revoked.StatusCode);

        using var client = gateway.CreateClient();
        client.DefaultRequestHeaders.Authorization = new("Bearer", secret);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/me", ct)).StatusCode);
    }
}
