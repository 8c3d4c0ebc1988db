using System.Net;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Tenancy;

/// <summary>A user in several organizations picks which one the web UI acts for; the choice holds and cannot be forged.</summary>
public sealed partial class OrganizationSwitcherTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_member_of_two_organizations_switches_between_them_and_not_into_a_third(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var clinic = await gateway.CreateOrganizationAsync("Clínica Sol");
        var shop = await gateway.CreateOrganizationAsync("Loja Lua");
        var stranger = await gateway.CreateOrganizationAsync("Outra Empresa");
        var (email, password) = await gateway.CreateMemberAsync(clinic.OrgId, OrgRole.Owner);
        await gateway.InScopeAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var user = db.Users.Single(u => u.Email == email);
            db.Memberships.Add(new Membership { UserId = user.Id, OrgId = shop.OrgId, Role = OrgRole.Agent, CreatedAt = DateTimeOffset.UtcNow.AddMinutes(1) });
            return await db.SaveChangesAsync(ct);
        });

        using var browser = gateway.Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await WebSession.LoginAsync(browser, email, password)).StatusCode);
        var home = WebUtility.HtmlDecode(await browser.GetStringAsync("/", ct));
        Assert.Equal("Clínica Sol", OrgName(home));
        Assert.Contains("Loja Lua", home, StringComparison.Ordinal); // offered in the switcher
        Assert.DoesNotContain("Outra Empresa", home, StringComparison.Ordinal);

        using (await WebSession.PostFormAsync(browser, "/account/organization", new Dictionary<string, string> { ["OrgId"] = shop.OrgId.ToString() }, "/"))
        {
        }

        Assert.Equal("Loja Lua", OrgName(WebUtility.HtmlDecode(await browser.GetStringAsync("/", ct))));
        using (var approvals = await browser.GetAsync("/approvals", ct))
        {
            Assert.NotEqual(HttpStatusCode.OK, approvals.StatusCode); // an Agent in the shop
        }

        // A signed-in user cannot switch into an organization they do not belong to.
        using (await WebSession.PostFormAsync(browser, "/account/organization", new Dictionary<string, string> { ["OrgId"] = stranger.OrgId.ToString() }, "/"))
        {
        }

        Assert.Equal("Loja Lua", OrgName(WebUtility.HtmlDecode(await browser.GetStringAsync("/", ct))));

        // The choice outlives the session: signing in again lands in the shop.
        using var again = gateway.Browser();
        again.DefaultRequestHeaders.Add("Cookie", $"wg.org={shop.OrgId}");
        await WebSession.LoginAsync(again, email, password);
        Assert.Equal("Loja Lua", OrgName(WebUtility.HtmlDecode(await again.GetStringAsync("/", ct))));
    }

    private static string OrgName(string html) => OrgNameField().Match(html).Groups[1].Value;

    [GeneratedRegex("data-testid=\"org-name\">([^<]*)<")]
    private static partial Regex OrgNameField();
}
