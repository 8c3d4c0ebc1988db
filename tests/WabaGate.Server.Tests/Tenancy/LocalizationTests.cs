using WabaGate.Server.Data;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Tenancy;

public sealed class LocalizationTests
{
    [Fact]
    public async Task The_login_page_speaks_brazilian_portuguese_by_query_cookie_or_accept_language()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);

        using var browser = gateway.Browser();
        var byQuery = await browser.GetStringAsync("/login?culture=pt-BR", ct);
        var byCookie = await browser.GetStringAsync("/login", ct);

        using var other = gateway.Browser();
        other.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pt-BR,pt;q=0.9,en;q=0.5");
        var byHeader = await other.GetStringAsync("/login", ct);

        using var english = gateway.Browser();
        var inEnglish = await english.GetStringAsync("/login", ct);

        foreach (var html in new[] { byQuery, byCookie, byHeader })
        {
            Assert.Contains("lang=\"pt-BR\"", html, StringComparison.Ordinal);
            Assert.Contains("Entre no WabaGate", html, StringComparison.Ordinal);
            Assert.Contains("Senha", html, StringComparison.Ordinal);
        }

        Assert.Contains("Sign in to WabaGate", inEnglish, StringComparison.Ordinal);
        Assert.Contains("lang=\"en\"", inEnglish, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_is_reported_in_portuguese()
    {
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        using var browser = gateway.Browser();
        await browser.GetStringAsync("/login?culture=pt-BR", TestContext.Current.CancellationToken);

        using var response = await WebSession.LoginAsync(browser, "nobody@example.test", "whatever password");

        Assert.Contains("E-mail ou senha inválidos.", System.Net.WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_language_switch_keeps_the_rest_of_the_query()
    {
        await using var gateway = await GatewayFactory.CreateAsync(DatabaseProvider.Sqlite);
        using var browser = gateway.Browser();

        var html = await browser.GetStringAsync("/account/set-password?token=abc", TestContext.Current.CancellationToken);

        Assert.Contains("/account/set-password?token=abc&amp;culture=pt-BR", html, StringComparison.Ordinal);
    }
}
