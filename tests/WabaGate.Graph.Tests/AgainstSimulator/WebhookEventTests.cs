using WabaGate.Graph.Errors;
using WabaGate.Graph.Messages;
using WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;
using WabaGate.Graph.Webhooks;
using static WabaGate.Graph.Tests.AgainstSimulator.Infrastructure.LiveMeta;

namespace WabaGate.Graph.Tests.AgainstSimulator;

public sealed class WebhookEventTests
{
    private const string Customer = "491701234567";

    [Fact]
    public async Task Every_inbound_type_the_simulator_sends_parses()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        async Task<WebhookMessage> Receive(object body) =>
            await meta.Sink.InboundAsync((await meta.CustomerWritesAsync(Customer, c.PhoneId, body))["wamid"]!.GetValue<string>());

        var video = await Receive(new { phoneNumberId = c.PhoneId, type = "video", video = new { caption = "clip" } });
        var audio = await Receive(new { phoneNumberId = c.PhoneId, type = "audio" });
        var document = await Receive(new { phoneNumberId = c.PhoneId, type = "document", document = new { filename = "invoice.pdf" } });
        var sticker = await Receive(new { phoneNumberId = c.PhoneId, type = "sticker" });
        var contacts = await Receive(new { phoneNumberId = c.PhoneId, type = "contacts", contacts = new[] { new { name = new { formatted_name = "Ana Lima" }, phones = new[] { new { phone = "+55 11 5555-0000", wa_id = "551155550000", type = "CELL" } } } } });
        var button = await Receive(new { phoneNumberId = c.PhoneId, type = "button", button = new { payload = "STOP_PROMOS", text = "Stop promos" }, context = new { messageId = "wamid.template" } });
        var flow = await Receive(new { phoneNumberId = c.PhoneId, type = "interactive", interactive = new { type = "nfm_reply", responseJson = """{"flow_token":"t"}""" } });
        var unsupported = await Receive(new { phoneNumberId = c.PhoneId, type = "unsupported" });
        var forwarded = await Receive(new { phoneNumberId = c.PhoneId, type = "text", text = "fwd", context = new { forwarded = true } });

        Assert.Equal("clip", video.Video?.Caption);
        Assert.Equal("video/mp4", video.Media?.MimeType);
        Assert.True(audio.Audio?.Voice);
        Assert.StartsWith("audio/ogg", audio.Audio?.MimeType, StringComparison.Ordinal);
        Assert.Equal("invoice.pdf", document.Document?.Filename);
        Assert.Equal(false, sticker.Sticker?.Animated);
        Assert.Equal("Ana Lima", Assert.Single(contacts.Contacts!).Name.FormattedName);
        Assert.Equal("551155550000", contacts.Contacts![0].Phones![0].WaId);
        Assert.Equal("STOP_PROMOS", button.Button?.Payload);
        Assert.Equal("wamid.template", button.Context?.Id);
        Assert.Equal("""{"flow_token":"t"}""", flow.Interactive?.NfmReply?.ResponseJson);
        Assert.Equal(GraphErrorCodes.UnsupportedMessageType, Assert.Single(unsupported.Errors!).Code);
        Assert.NotNull(unsupported.Unsupported?.Type);
        Assert.True(forwarded.Context?.Forwarded);
        foreach (var media in new[] { video, audio, document, sticker })
        {
            var info = await meta.Client.GetMediaAsync(media.Media!.Id!, c.Token, ct: Ct);
            Assert.Equal(media.Media.Sha256, info.Sha256);
        }
    }

    [Fact]
    public async Task An_undeliverable_customer_yields_a_failed_status_with_a_webhook_error()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        await meta.CustomerWritesAsync(Customer, c.PhoneId);
        await meta.ControlAsync(HttpMethod.Put, $"/customers/{Customer}", new { undeliverable = true });

        var wamid = (await meta.Client.SendMessageAsync(c.PhoneId, SendMessageRequest.CreateText(Customer, "hi"), c.Token, Ct)).MessageId!;
        await meta.Sink.WaitForAsync(_ => meta.Sink.StatusesOf(wamid).Count > 0);

        var failed = Assert.Single(meta.Sink.StatusesOf(wamid));
        Assert.True(failed.IsFailed);
        var error = Assert.Single(failed.Errors!);
        Assert.Equal(GraphErrorCodes.Undeliverable, error.Code);
        Assert.NotNull(error.ErrorData?.Details);
        Assert.Equal(GraphErrorClass.Permanent, GraphErrorCodes.Classify(error.Code));
    }

    [Fact]
    public async Task Older_versions_get_a_conversation_and_templates_are_billed()
    {
        await using var meta = await LiveMeta.StartAsync(client: o => o.Version = "v23.0");
        var c = await meta.ConnectAsync();
        var created = await meta.Client.CreateTemplateAsync(c.WabaId, TemplateSamples.Simple("shipping_update"), c.Token, Ct);
        await meta.ReviewTemplateAsync(created.Id, "APPROVED");
        var send = SendMessageRequest.CreateTemplate(Customer, TemplateContent.Create("shipping_update", "en", TemplateComponent.Body(TemplateParameter.FromText("Ana"))));

        var wamid = (await meta.Client.SendMessageAsync(c.PhoneId, send, c.Token, Ct)).MessageId!;
        await meta.Sink.WaitForAsync(_ => meta.Sink.StatusesOf(wamid).Count >= 3);

        var sent = meta.Sink.StatusesOf(wamid)[0];
        Assert.Equal("sent", sent.Status);
        Assert.Equal("utility", sent.Conversation?.Origin?.Type);
        Assert.NotNull(sent.Conversation?.ExpirationTimestamp);
        Assert.Equal(new StatusPricing { Billable = true, PricingModel = "PMP", Type = "regular", Category = "utility" }, sent.Pricing);
    }

    [Fact]
    public async Task Template_reviews_and_signups_arrive_as_typed_account_events()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        var created = await meta.Client.CreateTemplateAsync(c.WabaId, TemplateSamples.Simple("welcome"), c.Token, Ct);

        await meta.ReviewTemplateAsync(created.Id, "REJECTED");
        await meta.Sink.WaitForAsync(_ => meta.Sink.Values<TemplateStatusUpdate>().Any());

        var review = Assert.Single(meta.Sink.Values<TemplateStatusUpdate>());
        Assert.Equal("REJECTED", review.Event);
        Assert.Equal(long.Parse(created.Id, System.Globalization.CultureInfo.InvariantCulture), review.MessageTemplateId);
        Assert.Equal("welcome", review.MessageTemplateName);
        Assert.NotNull(review.RejectionInfo?.Recommendation);
        var partner = Assert.Single(meta.Sink.Values<AccountUpdate>());
        Assert.Equal("PARTNER_ADDED", partner.Event);
        Assert.Equal(c.WabaId, partner.WabaInfo?.WabaId);
    }

    [Fact]
    public async Task Batched_and_duplicated_deliveries_keep_every_change()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        await meta.ControlAsync(HttpMethod.Put, "/webhook-behavior", new { batchSize = 3, gatherWindowMs = 300, duplicate = true });

        var wamids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            wamids.Add((await meta.CustomerWritesAsync(Customer, c.PhoneId, new { phoneNumberId = c.PhoneId, type = "text", text = $"part {i}" }))["wamid"]!.GetValue<string>());
        }

        await meta.Sink.WaitForAsync(_ => wamids.All(w => meta.Sink.Values<MessagesValue>().Count(v => v.Messages?.Any(m => m.Id == w) == true) >= 2));
        var batched = meta.Sink.Received.Select(d => WebhookParser.Parse(d.Body)).First(d => d.AllChanges.Count() > 1);
        Assert.All(batched.AllChanges, x => Assert.IsType<MessagesValue>(x.Change.Value));
        Assert.Equal(wamids, meta.Sink.Values<MessagesValue>().SelectMany(v => v.Messages ?? []).Select(m => m.Id).Distinct());
    }

    [Fact]
    public async Task Phone_quality_and_account_events_parse()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();

        await meta.ControlAsync(HttpMethod.Post, $"/phone-numbers/{c.PhoneId}/quality", new { messagingLimit = "TIER_2K" });
        await meta.ControlAsync(HttpMethod.Post, $"/wabas/{c.WabaId}/account-update", new { @event = "ACCOUNT_VIOLATION", value = new { violation_info = new { violation_type = "SCAM" } } }, System.Net.HttpStatusCode.Accepted);
        await meta.Sink.WaitForAsync(_ => meta.Sink.Values<PhoneNumberQualityUpdate>().Any() && meta.Sink.Values<AccountUpdate>().Count() >= 2);

        var quality = Assert.Single(meta.Sink.Values<PhoneNumberQualityUpdate>());
        Assert.Equal("UPGRADE", quality.Event);
        Assert.Equal("TIER_2K", quality.CurrentLimit);
        Assert.Equal("TIER_250", quality.OldLimit);
        Assert.Equal("TIER_2K", quality.MaxDailyConversationsPerBusiness);
        var violation = meta.Sink.Values<AccountUpdate>().Single(a => a.Event == "ACCOUNT_VIOLATION");
        Assert.Equal("SCAM", violation.ViolationInfo?.GetProperty("violation_type").GetString());
        var (entry, _) = meta.Sink.VerifiedChanges().Single(x => x.Change.Value is PhoneNumberQualityUpdate);
        Assert.Equal(c.WabaId, entry.Id);
        Assert.NotNull(entry.Time);
    }
}
