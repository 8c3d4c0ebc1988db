using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Tests.Tenancy;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>The approvals page: Owner/Admin see who asked for what, and approve or reject with a reason.</summary>
public sealed class ApprovalsPageTests
{
    private const string Customer = "5511988885001";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_owner_sees_the_queue_and_decides_on_the_page(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        await h.OpenWindowAsync(Customer);
        (await h.Org.Client.PutAsJsonAsync("/api/v1/approval-policy", new { policy = "all_outbound" }, Ct)).EnsureSuccessStatusCode();
        var promo = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "Promo do dia: 20% off" } });
        var reply = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "Seu pedido saiu" } });

        var (email, password) = await h.Gateway.CreateMemberAsync(h.Org.OrgId, OrgRole.Owner);
        using var browser = h.Gateway.Browser();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pt-BR");
        Assert.Equal(HttpStatusCode.Redirect, (await WebSession.LoginAsync(browser, email, password)).StatusCode);

        var html = WebUtility.HtmlDecode(await browser.GetStringAsync("/approvals", Ct));
        Assert.Contains("Aprovações", html, StringComparison.Ordinal);
        Assert.Contains("Promo do dia: 20% off", html, StringComparison.Ordinal);
        Assert.Contains("Seu pedido saiu", html, StringComparison.Ordinal);
        Assert.Contains("api_key:", html, StringComparison.Ordinal);

        using (var rejected = await WebSession.PostFormAsync(browser, "/approvals?handler=Reject", new Dictionary<string, string> { ["id"] = promo.GetProperty("id").GetString()!, ["Reason"] = "Sem promoções hoje" }, "/approvals"))
        {
            Assert.Equal(HttpStatusCode.OK, rejected.StatusCode);
            var page = WebUtility.HtmlDecode(await rejected.Content.ReadAsStringAsync(Ct));
            Assert.Contains("Rejeitada", page, StringComparison.Ordinal);
            Assert.DoesNotContain("Promo do dia", page, StringComparison.Ordinal);
        }

        using (var approved = await WebSession.PostFormAsync(browser, "/approvals?handler=Approve", new Dictionary<string, string> { ["id"] = reply.GetProperty("id").GetString()!, ["Reason"] = "" }, "/approvals"))
        {
            Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
            Assert.Contains("Nada aguardando aprovação", WebUtility.HtmlDecode(await approved.Content.ReadAsStringAsync(Ct)), StringComparison.Ordinal);
        }

        await h.WaitForStatusAsync(reply.GetProperty("id").GetString()!, "sent");
        var rejectedMessage = await h.MessageAsync(promo.GetProperty("id").GetString()!);
        Assert.Equal("rejected", rejectedMessage.GetProperty("status").GetString());
        Assert.Single(h.Outbox());

        var audit = await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<AuditLogEntry>().AsNoTracking().Where(a => a.Action == "message.reject").SingleAsync());
        Assert.StartsWith("user:", audit.Actor, StringComparison.Ordinal);
        Assert.Equal("Sem promoções hoje", audit.Reason);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_long_queue_pages_oldest_first_without_gaps(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        await h.OpenWindowAsync(Customer);
        (await h.Org.Client.PutAsJsonAsync("/api/v1/approval-policy", new { policy = "all_outbound" }, Ct)).EnsureSuccessStatusCode();
        for (var i = 0; i < 101; i++)
        {
            await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = $"Mensagem nº {i:000}" } });
        }

        var (email, password) = await h.Gateway.CreateMemberAsync(h.Org.OrgId, OrgRole.Admin);
        using var browser = h.Gateway.Browser();
        await WebSession.LoginAsync(browser, email, password);
        var first = WebUtility.HtmlDecode(await browser.GetStringAsync("/approvals", Ct));
        Assert.Contains("Mensagem nº 000", first, StringComparison.Ordinal);
        Assert.Contains("Mensagem nº 099", first, StringComparison.Ordinal);
        Assert.DoesNotContain("Mensagem nº 100", first, StringComparison.Ordinal);
        Assert.Contains("Waiting for approval: 101", first, StringComparison.Ordinal);

        var next = System.Text.RegularExpressions.Regex.Match(first, "href=\"(/approvals\\?after=[^\"]+)\"").Groups[1].Value;
        var second = WebUtility.HtmlDecode(await browser.GetStringAsync(next, Ct));
        Assert.Contains("Mensagem nº 100", second, StringComparison.Ordinal);
        Assert.DoesNotContain("Mensagem nº 099", second, StringComparison.Ordinal);
        Assert.DoesNotContain("approvals-next", second, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Agents_cannot_open_the_approvals_page()
    {
        await using var h = await SendingHarness.StartAsync(DatabaseProvider.Sqlite);
        var (email, password) = await h.Gateway.CreateMemberAsync(h.Org.OrgId, OrgRole.Agent);
        using var browser = h.Gateway.Browser();
        await WebSession.LoginAsync(browser, email, password);
        using var response = await browser.GetAsync("/approvals", Ct);
        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("denied", $"{(int)response.StatusCode} {response.Headers.Location}", StringComparison.OrdinalIgnoreCase);
    }
}
