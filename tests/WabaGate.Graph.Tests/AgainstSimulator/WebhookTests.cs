using WabaGate.Graph.Messages;
using WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;
using WabaGate.Graph.Webhooks;
using static WabaGate.Graph.Tests.AgainstSimulator.Infrastructure.LiveMeta;

namespace WabaGate.Graph.Tests.AgainstSimulator;

public sealed class WebhookTests
{
    private const string Customer = "5511987654321";

    [Fact]
    public async Task Customer_messages_arrive_signed_and_parse_into_typed_messages()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();

        var text = await ReceiveAsync(meta, c, new { phoneNumberId = c.PhoneId, type = "text", text = "Olá, tem em azul? 😀", profileName = "Sheena Nelson" });
        Assert.Equal(MessageTypes.Text, text.Type);
        Assert.Equal("Olá, tem em azul? 😀", text.Text?.Body);
        Assert.Equal(Customer, text.From);
        Assert.NotNull(text.Time);

        var sent = await meta.CustomerWritesAsync(Customer, c.PhoneId, new { phoneNumberId = c.PhoneId, type = "image", image = new { caption = "this one" } });
        var image = await MessageAsync(meta, c, sent["wamid"]!.GetValue<string>());
        Assert.Equal(MessageTypes.Image, image.Type);
        Assert.Equal(sent["mediaId"]!.GetValue<string>(), image.Image?.Id);
        Assert.Equal("image/jpeg", image.Image?.MimeType);
        Assert.Equal("this one", image.Image?.Caption);
        var info = await meta.Client.GetMediaAsync(image.Image!.Id!, c.Token, ct: Ct);
        Assert.Equal(image.Image.Sha256, info.Sha256);
        await using (var download = await meta.Client.DownloadMediaAsync(image.Image.Url!, c.Token, Ct))
        {
            Assert.Equal("image/jpeg", download.ContentType);
        }

        var location = await ReceiveAsync(meta, c, new { phoneNumberId = c.PhoneId, type = "location", location = new { latitude = "-23.5505", longitude = -46.6333, name = "Praça da Sé" } });
        Assert.Equal(-23.5505, location.Location?.Latitude);
        Assert.Equal(-46.6333, location.Location?.Longitude);
        Assert.Equal("Praça da Sé", location.Location?.Name);

        var reply = await ReceiveAsync(meta, c, new { phoneNumberId = c.PhoneId, type = "interactive", interactive = new { type = "button_reply", id = "change-button", title = "Change" }, context = new { messageId = "wamid.quoted" } });
        Assert.Equal("button_reply", reply.Interactive?.Type);
        Assert.Equal("change-button", reply.Interactive?.ButtonReply?.Id);
        Assert.Equal("Change", reply.Interactive?.ButtonReply?.Title);
        Assert.Equal("wamid.quoted", reply.Context?.Id);

        var list = await ReceiveAsync(meta, c, new { phoneNumberId = c.PhoneId, type = "interactive", interactive = new { type = "list_reply", id = "priority_express", title = "Priority Mail Express", description = "Next Day" } });
        Assert.Equal("priority_express", list.Interactive?.ListReply?.Id);
        Assert.Equal("Next Day", list.Interactive?.ListReply?.Description);

        var reaction = await ReceiveAsync(meta, c, new { phoneNumberId = c.PhoneId, type = "reaction", reaction = new { messageId = "wamid.mine", emoji = "😮" } });
        Assert.Equal("wamid.mine", reaction.Reaction?.MessageId);
        Assert.Equal("😮", reaction.Reaction?.Emoji);
    }

    [Fact]
    public async Task Statuses_sent_delivered_read_parse_with_pricing()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        await meta.CustomerWritesAsync(Customer, c.PhoneId);
        var send = SendMessageRequest.CreateText(Customer, "Your order shipped") with { BizOpaqueCallbackData = "order-42" };

        var wamid = (await meta.Client.SendMessageAsync(c.PhoneId, send, c.Token, Ct)).MessageId!;
        await meta.Sink.WaitForAsync(_ => Statuses(meta, wamid).Count >= 3);
        var statuses = Statuses(meta, wamid);

        Assert.Equal(["sent", "delivered", "read"], statuses.Select(s => s.Status));
        Assert.All(statuses, s =>
        {
            Assert.Equal(Customer, s.RecipientId);
            Assert.Equal("order-42", s.BizOpaqueCallbackData);
            Assert.NotNull(s.Time);
            Assert.Null(s.Conversation); // v24: no conversation object outside free entry points
        });
        Assert.All(statuses.Take(2), s =>
        {
            Assert.Equal("PMP", s.Pricing?.PricingModel);
            Assert.Equal("free_customer_service", s.Pricing?.Type);
            Assert.Equal("service", s.Pricing?.Category);
            Assert.False(s.Pricing?.Billable);
        });
    }

    private static async Task<WebhookMessage> ReceiveAsync(LiveMeta meta, LiveConnection c, object message)
    {
        var sent = await meta.CustomerWritesAsync(Customer, c.PhoneId, message);
        return await MessageAsync(meta, c, sent["wamid"]!.GetValue<string>());
    }

    /// <summary>Waits for the delivery carrying <paramref name="wamid"/>, checks its signature over the raw bytes, parses it.</summary>
    private static async Task<WebhookMessage> MessageAsync(LiveMeta meta, LiveConnection c, string wamid)
    {
        var delivery = await meta.Sink.WaitForAsync(d => Messages(d).Any(m => m.Id == wamid));
        Assert.True(WebhookSignature.IsValid(delivery.Body, delivery.Signature, AppSecret));
        Assert.False(WebhookSignature.IsValid(delivery.Body, delivery.Signature, "another-secret"));
        Assert.True(delivery.Body.All(b => b < 0x80), "Meta's wire form is ASCII-only");
        var parsed = WebhookParser.Parse(delivery.Body);
        Assert.Equal("whatsapp_business_account", parsed.ObjectType);
        var (entry, change) = Assert.Single(parsed.AllChanges);
        var value = Assert.IsType<MessagesValue>(change.Value);
        Assert.Equal(WebhookFields.Messages, change.Field);
        Assert.Equal(c.WabaId, entry.Id);
        Assert.Equal(c.PhoneId, value.Metadata?.PhoneNumberId);
        Assert.Equal(Customer, Assert.Single(value.Contacts!).WaId);
        return Assert.Single(value.Messages!);
    }

    private static IEnumerable<WebhookMessage> Messages(SinkDelivery d) =>
        WebhookParser.Parse(d.Body).AllChanges.Select(x => x.Change.Value).OfType<MessagesValue>().SelectMany(v => v.Messages ?? []);

    private static List<MessageStatus> Statuses(LiveMeta meta, string wamid) =>
        [.. meta.Sink.Received.SelectMany(d => WebhookParser.Parse(d.Body).AllChanges).Select(x => x.Change.Value).OfType<MessagesValue>()
            .SelectMany(v => v.Statuses ?? []).Where(s => s.Id == wamid)];
}
