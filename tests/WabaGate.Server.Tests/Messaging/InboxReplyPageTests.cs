using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Tests.Tenancy;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>Replying from the inbox page goes through the API's accept path: window, approvals, then Meta.</summary>
public sealed class InboxReplyPageTests
{
    private const string Customer = "5511988886001";
    private const string Silent = "5511988886002";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task An_agent_replies_inside_the_window_and_is_told_why_not_outside_it(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        await h.OpenWindowAsync(Customer);
        await h.OpenWindowAsync(Silent);
        var closed = await h.InOrgAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var contact = await db.Set<Contact>().SingleAsync(c => c.WaId == Silent);
            var conversation = await db.Set<Conversation>().SingleAsync(c => c.ContactId == contact.Id);
            conversation.WindowExpiresAt = DateTimeOffset.UtcNow.AddHours(-1);
            await db.SaveChangesAsync();
            return conversation.Id;
        });
        var open = await h.InOrgAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var contact = await db.Set<Contact>().SingleAsync(c => c.WaId == Customer);
            return (await db.Set<Conversation>().SingleAsync(c => c.ContactId == contact.Id)).Id;
        });

        var (email, password) = await h.Gateway.CreateMemberAsync(h.Org.OrgId, OrgRole.Agent);
        using var browser = h.Gateway.Browser();
        browser.DefaultRequestHeaders.AcceptLanguage.ParseAdd("pt-BR");
        Assert.Equal(HttpStatusCode.Redirect, (await WebSession.LoginAsync(browser, email, password)).StatusCode);
        Assert.Contains("Escreva uma resposta", WebUtility.HtmlDecode(await browser.GetStringAsync($"/inbox?id={open}", Ct)), StringComparison.Ordinal);

        using (var sent = await WebSession.PostFormAsync(browser, $"/inbox?id={open}&handler=Reply", new Dictionary<string, string> { ["Reply"] = "Seu pedido saiu para entrega" }, $"/inbox?id={open}"))
        {
            Assert.Equal(HttpStatusCode.OK, sent.StatusCode);
            var page = WebUtility.HtmlDecode(await sent.Content.ReadAsStringAsync(Ct));
            Assert.Contains("Resposta na fila de envio.", page, StringComparison.Ordinal);
            Assert.Contains("Seu pedido saiu para entrega", page, StringComparison.Ordinal);
        }

        await Jobs.Eventually.TrueAsync(() => Task.FromResult(h.Outbox().Any(m => m.Request!["text"]?["body"]?.GetValue<string>() == "Seu pedido saiu para entrega")), "the reply to reach Meta");
        var reply = await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Message>().AsNoTracking().SingleAsync(m => m.Direction == MessageDirection.Outbound));
        Assert.Equal(MessageOrigin.Ui, reply.Origin);
        Assert.Equal(Customer, reply.To);

        using (var refused = await WebSession.PostFormAsync(browser, $"/inbox?id={closed}&handler=Reply", new Dictionary<string, string> { ["Reply"] = "Oi?" }, $"/inbox?id={closed}"))
        {
            var page = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync(Ct));
            Assert.Contains("Envie um modelo aprovado.", page, StringComparison.Ordinal);
            Assert.Contains("Oi?", page, StringComparison.Ordinal); // the draft is kept
        }

        Assert.Equal(1, await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Message>().CountAsync(m => m.Direction == MessageDirection.Outbound)));
    }
}
