using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>Validation before anything reaches Meta, with API.md's error codes; and the 24 h window.</summary>
public sealed class ValidationTests
{
    private const string Customer = "5511988881001";

    private static void AssertProblem((HttpResponseMessage Response, JsonElement Body) result, HttpStatusCode status, string code)
    {
        Assert.True(result.Response.StatusCode == status, $"expected {(int)status} {code}, got {(int)result.Response.StatusCode}: {result.Body}");
        Assert.Equal("application/problem+json", result.Response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(code, result.Body.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(result.Body.GetProperty("detail").GetString()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Invalid_messages_are_refused_with_their_codes_and_nothing_reaches_Meta(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        await h.OpenWindowAsync(Customer);
        await h.ApprovedTemplateAsync();
        await h.ApprovedTemplateAsync("pending_one", status: "PENDING");
        var gif = await h.StoredMediaAsync("image/gif", 100);
        var bigSticker = await h.StoredMediaAsync("image/webp", 600 * 1024);

        object Text(string to) => new { from = h.PhoneNumberId, to, type = "text", text = new { body = "hi" } };
        foreach (var to in new[] { "1234567", "55 11 98888 1001", "+55(11)988881001", "5511988881001x", "1234567890123456" })
        {
            AssertProblem(await h.SendAsync(Text(to)), HttpStatusCode.UnprocessableEntity, "recipient_invalid");
        }

        AssertProblem(await h.SendAsync(new { from = h.PhoneNumberId, to = Customer, type = "image", media = new { link = "http://cdn.example.com/a.jpg" } }), HttpStatusCode.UnprocessableEntity, "unsupported_media");
        AssertProblem(await h.SendAsync(new { from = h.PhoneNumberId, to = Customer, type = "image", media = new { mediaId = gif } }), HttpStatusCode.UnprocessableEntity, "unsupported_media");
        AssertProblem(await h.SendAsync(new { from = h.PhoneNumberId, to = Customer, type = "sticker", media = new { mediaId = bigSticker } }), HttpStatusCode.UnprocessableEntity, "unsupported_media");
        AssertProblem(await h.SendAsync(new { from = h.PhoneNumberId, to = Customer, type = "image", media = new { mediaId = Guid.NewGuid() } }), HttpStatusCode.UnprocessableEntity, "unsupported_media");

        object Template(string name, params string[] body) => new { from = h.PhoneNumberId, to = Customer, type = "template", template = new { name, language = "en_US", parameters = new { body } } };
        AssertProblem(await h.SendAsync(Template("no_such_template", "a", "b")), HttpStatusCode.UnprocessableEntity, "template_not_found");
        AssertProblem(await h.SendAsync(Template("pending_one", "a", "b")), HttpStatusCode.UnprocessableEntity, "template_not_approved");
        AssertProblem(await h.SendAsync(Template("order_ready", "only one")), HttpStatusCode.UnprocessableEntity, "template_parameters_mismatch");

        AssertProblem(await h.SendAsync(new { from = h.PhoneNumberId, to = Customer, type = "fax" }), HttpStatusCode.BadRequest, "validation_failed");
        AssertProblem(await h.SendAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = new string('a', 4097) } }), HttpStatusCode.BadRequest, "validation_failed");
        AssertProblem(await h.SendAsync(new { from = h.PhoneNumberId, to = Customer, type = "sticker", media = new { link = "https://cdn.example.com/a.webp" }, caption = "no" }), HttpStatusCode.BadRequest, "validation_failed");
        AssertProblem(await h.SendAsync(new
        {
            from = h.PhoneNumberId, to = Customer, type = "interactive",
            interactive = JsonNode.Parse("""{"type":"button","body":{"text":"?"},"action":{"buttons":[{"type":"reply","reply":{"id":"1","title":"A"}},{"type":"reply","reply":{"id":"2","title":"B"}},{"type":"reply","reply":{"id":"3","title":"C"}},{"type":"reply","reply":{"id":"4","title":"D"}}]}}"""),
        }), HttpStatusCode.BadRequest, "validation_failed");
        AssertProblem(await h.SendAsync(new { from = "000000", to = Customer, type = "text", text = new { body = "hi" } }), HttpStatusCode.BadRequest, "validation_failed");

        await h.InOrgAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            await db.Set<Connection>().Where(c => c.Id == h.ConnectionId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Status, ConnectionStatus.NeedsReauthorization));
            return true;
        });
        AssertProblem(await h.SendAsync(Text(Customer)), HttpStatusCode.Conflict, "connection_not_active");

        Assert.Empty(h.Outbox());
        Assert.Equal(0, await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Message>().CountAsync()));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Free_form_messages_need_the_customer_service_window_and_templates_do_not(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        var template = await h.ApprovedTemplateAsync();
        const string never = "5511988881002";
        const string lapsed = "5511988881003";
        await h.OpenWindowAsync(lapsed);
        await h.InOrgAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            var conversation = await db.Set<Conversation>().SingleAsync();
            conversation.LastInboundAt = DateTimeOffset.UtcNow.AddHours(-25);
            conversation.WindowExpiresAt = DateTimeOffset.UtcNow.AddHours(-1);
            await db.SaveChangesAsync();
            return true;
        });

        foreach (var to in new[] { never, lapsed })
        {
            var refused = await h.SendAsync(new { from = h.PhoneNumberId, to, type = "text", text = new { body = "hi" } });
            AssertProblem(refused, HttpStatusCode.Conflict, "outside_customer_service_window");
            Assert.Contains("template", refused.Body.GetProperty("detail").GetString(), StringComparison.OrdinalIgnoreCase);
            AssertProblem(await h.SendAsync(new { from = h.PhoneNumberId, to, type = "reaction", reaction = new { messageId = "wamid.ABC", emoji = "👍" } }), HttpStatusCode.Conflict, "outside_customer_service_window");
        }

        Assert.Empty(h.Outbox());
        var accepted = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = never, type = "template", template = new { name = template, language = "en_US", parameters = new { body = new[] { "Ana", "42" } } } });
        await h.WaitForStatusAsync(accepted.GetProperty("id").GetString()!, "sent");

        const string open = "5511988881004";
        await h.OpenWindowAsync(open);
        var text = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = open, type = "text", text = new { body = "hi" } });
        await h.WaitForStatusAsync(text.GetProperty("id").GetString()!, "sent");
        Assert.Equal(2, h.Outbox().Count);
    }
}
