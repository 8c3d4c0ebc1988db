using System.Net;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Tests.Onboarding;
using WabaGate.Server.Tests.Tenancy;

namespace WabaGate.Server.Tests.Templates;

/// <summary>The Templates page: create through the form (validated before Meta), status badges, rejection reasons, filter, sync, pt-BR.</summary>
public sealed class TemplatesPageTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_admin_creates_a_template_sees_its_rejection_reason_filters_and_syncs(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (connectionId, wabaId, _, token) = await h.ConnectWabaAsync();
        var (email, password) = await h.Gateway.CreateMemberAsync(h.OrgId, OrgRole.Admin);
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = true }) { BaseAddress = h.BaseAddress };
        using var login = await WebSession.LoginAsync(browser, email, password);
        Assert.True(login.StatusCode == HttpStatusCode.Redirect, await login.Content.ReadAsStringAsync(Ct));

        var page = await browser.GetStringAsync("/templates", Ct);
        Assert.Contains("template-form", page, StringComparison.Ordinal);
        Assert.Contains("/js/templates.js", page, StringComparison.Ordinal);
        Assert.DoesNotContain("Templates <small>", page, StringComparison.Ordinal); // the nav entry is live, not "soon"

        // A gap in the variables: refused on the page with the field, and Meta never sees it.
        var form = new Dictionary<string, string>
        {
            ["Form.Name"] = "ui_notice", ["Form.Language"] = "pt_BR", ["Form.Category"] = "UTILITY",
            ["Form.Body"] = "Olá {{1}}, pedido {{3}} enviado.", ["Form.BodyExamples"] = "Ana\n#1",
        };
        using var invalid = await WebSession.PostFormAsync(browser, $"/templates?handler=Create&connectionId={connectionId}", form, "/templates");
        var invalidHtml = await invalid.Content.ReadAsStringAsync(Ct);
        Assert.Equal(HttpStatusCode.OK, invalid.StatusCode);
        Assert.Contains("template-error", invalidHtml, StringComparison.Ordinal);
        Assert.Contains("without gaps", invalidHtml, StringComparison.Ordinal);
        Assert.Empty(await h.TemplatesAtMetaAsync(wabaId, token));

        form["Form.Body"] = "Olá {{1}}, pedido {{2}} enviado.";
        form["Form.QuickReplies"] = "Parar";
        using var created = await WebSession.PostFormAsync(browser, $"/templates?handler=Create&connectionId={connectionId}", form, "/templates");
        Assert.Equal(HttpStatusCode.Redirect, created.StatusCode);
        var atMeta = Assert.Single(await h.TemplatesAtMetaAsync(wabaId, token));
        Assert.Equal("ui_notice", atMeta.GetProperty("name").GetString());

        await h.ReviewAsync(atMeta.GetProperty("id").GetString()!, "REJECTED", "TAG_CONTENT_MISMATCH");
        var list = (await h.JsonAsync(HttpMethod.Get, "/api/v1/templates")).GetProperty("items")[0].GetProperty("id").GetString()!;
        await h.WaitForTemplateAsync(list, t => t.GetProperty("status").GetString() == "REJECTED");

        var portuguese = await browser.GetStringAsync($"/templates?connectionId={connectionId}&culture=pt-BR", Ct);
        Assert.Contains("<h1>Modelos</h1>", portuguese, StringComparison.Ordinal);
        Assert.Contains("badge badge-error\">REJECTED", portuguese, StringComparison.Ordinal);
        Assert.Contains("Motivo: TAG_CONTENT_MISMATCH", portuguese, StringComparison.Ordinal);
        Assert.Contains("Olá {{1}}, pedido {{2}} enviado.", WebUtility.HtmlDecode(portuguese), StringComparison.Ordinal);

        var approvedOnly = await browser.GetStringAsync($"/templates?connectionId={connectionId}&status=APPROVED&culture=en", Ct);
        Assert.DoesNotContain("ui_notice", approvedOnly, StringComparison.Ordinal);
        Assert.Contains("No templates yet.", approvedOnly, StringComparison.Ordinal);

        using var synced = await WebSession.PostFormAsync(browser, $"/templates?handler=Sync&connectionId={connectionId}", new Dictionary<string, string>(), "/templates");
        Assert.Equal(HttpStatusCode.Redirect, synced.StatusCode);
        var after = await browser.GetStringAsync(synced.Headers.Location!.OriginalString, Ct);
        Assert.Contains("Synced: 1 template(s) at Meta.", after, StringComparison.Ordinal);
    }
}
