using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>Every message type goes through the API and reaches the simulated Meta in Meta's exact request shape.</summary>
public sealed class SendTypesTests
{
    private const string Customer = "5511988880001";

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_template_image_header_given_by_WabaGate_media_id_reaches_Meta_as_a_Meta_media_id(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        var components = new JsonArray(
            new JsonObject { ["type"] = "HEADER", ["format"] = "IMAGE" },
            new JsonObject { ["type"] = "BODY", ["text"] = "Your receipt is attached." });
        var template = await h.ApprovedTemplateAsync("receipt_image", withComponents: components);
        var photo = await h.StoredMediaAsync("image/jpeg", 4096, "receipt.jpg");

        var accepted = await h.AcceptedAsync(new
        {
            from = h.PhoneNumberId, to = Customer, type = "template",
            template = new { name = template, language = "en_US", parameters = new { header = new { mediaId = photo } } },
        });
        var sent = await h.WaitForStatusAsync(accepted.GetProperty("id").GetString()!, "sent");

        JsonNode Header(JsonElement message) => h.OutboxRequest(message.GetProperty("wamid").GetString()!)["template"]!["components"]!.AsArray()
            .Single(c => c!["type"]!.GetValue<string>() == "header")!["parameters"]![0]!;
        var header = Header(sent);
        Assert.Equal("image", header["type"]!.GetValue<string>());
        var metaId = header["image"]!["id"]!.GetValue<string>();
        Assert.False(Guid.TryParse(metaId, out _), $"Meta received the WabaGate media id {metaId}.");
        var uploaded = await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<MediaFile>().AsNoTracking().SingleAsync(m => m.Id == photo));
        Assert.Equal(metaId, uploaded.MetaMediaId);

        // A second send reuses the upload.
        var again = await h.AcceptedAsync(new
        {
            from = h.PhoneNumberId, to = Customer, type = "template",
            template = new { name = template, language = "en_US", parameters = new { header = new { mediaId = photo } } },
        });
        var sentAgain = await h.WaitForStatusAsync(again.GetProperty("id").GetString()!, "sent");
        Assert.Equal(metaId, Header(sentAgain)["image"]!["id"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Each_type_reaches_Meta_in_its_exact_shape(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        await h.OpenWindowAsync(Customer);
        var template = await h.ApprovedTemplateAsync();
        var pdf = await h.StoredMediaAsync("application/pdf", 2048, "invoice.pdf");

        var text = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = "+" + Customer, type = "text", text = new { body = "Olá 👋 https://example.com", previewUrl = true } });
        Assert.Equal("queued", text.GetProperty("status").GetString());
        var sentText = await h.WaitForStatusAsync(text.GetProperty("id").GetString()!, "sent");
        Assert.Equal(
            JsonNode.Parse($$$"""{"messaging_product":"whatsapp","recipient_type":"individual","to":"+{{{Customer}}}","type":"text","biz_opaque_callback_data":"{{{text.GetProperty("id").GetString()}}}","text":{"body":"Olá 👋 https://example.com","preview_url":true}}"""),
            h.OutboxRequest(sentText.GetProperty("wamid").GetString()!),
            JsonNode.DeepEquals);

        // Sent by WabaGate's phone-number resource id, as a reply to the text above.
        var image = await h.AcceptedAsync(new
        {
            from = h.PhoneRowId, to = Customer, type = "image", media = new { link = "https://cdn.example.com/a.jpg" }, caption = "Look", replyTo = text.GetProperty("id").GetString(),
        });
        var document = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "document", media = new { mediaId = pdf }, caption = "Your invoice", filename = "invoice.pdf" });
        var audio = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "audio", media = new { link = "https://cdn.example.com/a.ogg" }, voice = true });
        var video = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "video", media = new { link = "https://cdn.example.com/a.mp4" }, caption = "Clip" });
        var sticker = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "sticker", media = new { link = "https://cdn.example.com/a.webp" } });
        var buttons = await h.AcceptedAsync(new
        {
            from = h.PhoneNumberId, to = Customer, type = "interactive",
            interactive = JsonNode.Parse("""{"type":"button","body":{"text":"Confirm?"},"footer":{"text":"Shop"},"action":{"buttons":[{"type":"reply","reply":{"id":"yes","title":"Yes"}},{"type":"reply","reply":{"id":"no","title":"No"}}]}}"""),
        });
        var list = await h.AcceptedAsync(new
        {
            from = h.PhoneNumberId, to = Customer, type = "interactive",
            interactive = JsonNode.Parse("""{"type":"list","header":{"type":"text","text":"Shipping"},"body":{"text":"Pick one"},"action":{"button":"Options","sections":[{"title":"Fast","rows":[{"id":"express","title":"Express","description":"Next day"}]}]}}"""),
        });
        var cta = await h.AcceptedAsync(new
        {
            from = h.PhoneNumberId, to = Customer, type = "interactive",
            interactive = JsonNode.Parse("""{"type":"cta_url","body":{"text":"See dates"},"action":{"name":"cta_url","parameters":{"display_text":"Open","url":"https://example.com/dates"}}}"""),
        });
        var reaction = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "reaction", reaction = new { messageId = text.GetProperty("id").GetString(), emoji = "👍" } });
        var location = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "location", location = new { latitude = -23.55, longitude = -46.63, name = "Loja", address = "Av. Paulista" } });
        var contacts = await h.AcceptedAsync(new
        {
            from = h.PhoneNumberId, to = Customer, type = "contacts",
            contacts = JsonNode.Parse("""[{"name":{"formatted_name":"Ana Souza","first_name":"Ana"},"phones":[{"phone":"+55 11 98888-0002","type":"CELL","wa_id":"5511988880002"}]}]"""),
        });
        var templated = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "template", template = new { name = template, language = "en_US", parameters = new { body = new[] { "Ana", "42" } } } });

        JsonObject Sent(JsonElement accepted)
        {
            var id = accepted.GetProperty("id").GetString()!;
            var message = h.WaitForStatusAsync(id, "sent").GetAwaiter().GetResult();
            var request = h.OutboxRequest(message.GetProperty("wamid").GetString()!);
            Assert.Equal("whatsapp", request["messaging_product"]!.GetValue<string>());
            Assert.Equal("+" + Customer, request["to"]!.GetValue<string>());
            Assert.Equal(id, request["biz_opaque_callback_data"]!.GetValue<string>());
            return request;
        }

        var imageRequest = Sent(image);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"link":"https://cdn.example.com/a.jpg","caption":"Look"}"""), imageRequest["image"]));
        Assert.Equal(sentText.GetProperty("wamid").GetString(), imageRequest["context"]!["message_id"]!.GetValue<string>());

        var documentRequest = Sent(document);
        var uploadedId = documentRequest["document"]!["id"]!.GetValue<string>();
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"id":"{{uploadedId}}","caption":"Your invoice","filename":"invoice.pdf"}"""), documentRequest["document"]));
        var recorded = await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<MediaFile>().AsNoTracking().SingleAsync(m => m.Id == pdf));
        Assert.Equal((uploadedId, h.PhoneNumberId), (recorded.MetaMediaId, recorded.MetaPhoneNumberId));
        Assert.NotNull(recorded.MetaUploadedAt);

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"link":"https://cdn.example.com/a.ogg","voice":true}"""), Sent(audio)["audio"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"link":"https://cdn.example.com/a.mp4","caption":"Clip"}"""), Sent(video)["video"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"link":"https://cdn.example.com/a.webp"}"""), Sent(sticker)["sticker"]));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"type":"button","body":{"text":"Confirm?"},"footer":{"text":"Shop"},"action":{"buttons":[{"reply":{"id":"yes","title":"Yes"},"type":"reply"},{"reply":{"id":"no","title":"No"},"type":"reply"}]}}"""),
            Sent(buttons)["interactive"]));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"type":"list","header":{"type":"text","text":"Shipping"},"body":{"text":"Pick one"},"action":{"button":"Options","sections":[{"title":"Fast","rows":[{"id":"express","title":"Express","description":"Next day"}]}]}}"""),
            Sent(list)["interactive"]));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"type":"cta_url","body":{"text":"See dates"},"action":{"name":"cta_url","parameters":{"display_text":"Open","url":"https://example.com/dates"}}}"""),
            Sent(cta)["interactive"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse($$"""{"message_id":"{{sentText.GetProperty("wamid").GetString()}}","emoji":"👍"}"""), Sent(reaction)["reaction"]));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"latitude":"-23.55","longitude":"-46.63","name":"Loja","address":"Av. Paulista"}"""), Sent(location)["location"]));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""[{"name":{"formatted_name":"Ana Souza","first_name":"Ana"},"phones":[{"phone":"+55 11 98888-0002","type":"CELL","wa_id":"5511988880002"}]}]"""),
            Sent(contacts)["contacts"]));
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"name":"order_ready","language":{"code":"en_US"},"components":[{"type":"body","parameters":[{"type":"text","text":"Ana"},{"type":"text","text":"42"}]}]}"""),
            Sent(templated)["template"]));

        // The API shows what was sent, in camelCase, and the thread holds it.
        var shown = await h.MessageAsync(document.GetProperty("id").GetString()!);
        Assert.Equal("outbound", shown.GetProperty("direction").GetString());
        Assert.Equal(pdf.ToString(), shown.GetProperty("content").GetProperty("mediaId").GetString());
        Assert.Equal("application/pdf", shown.GetProperty("content").GetProperty("mimeType").GetString());
        Assert.Equal(JsonValueKind.String, shown.GetProperty("sentAt").ValueKind);
    }
}
