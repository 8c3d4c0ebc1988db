using WabaGate.Graph.Tests.Infrastructure;
using WabaGate.Graph.Webhooks;

namespace WabaGate.Graph.Tests.Webhooks;

public sealed class WebhookParserMessageTests
{
    private static (MessagesValue Value, WebhookMessage Message) One(string fixture)
    {
        var delivery = WebhookParser.Parse(Fixtures.Webhook(fixture));
        var change = Assert.Single(Assert.Single(delivery.Entries).Changes);
        Assert.Equal("messages", change.Field);
        Assert.Null(change.ParseError);
        var value = Assert.IsType<MessagesValue>(change.Value);
        return (value, Assert.Single(value.Messages!));
    }

    [Fact]
    public void Text_with_envelope_metadata_and_contact()
    {
        var delivery = WebhookParser.Parse(Fixtures.Webhook("message_text"));
        Assert.Equal("whatsapp_business_account", delivery.ObjectType);
        var entry = Assert.Single(delivery.Entries);
        Assert.Equal("102290129340398", entry.Id);
        Assert.Null(entry.Time);

        var (value, m) = One("message_text");
        Assert.Equal("whatsapp", value.MessagingProduct);
        Assert.Equal("106540352242922", value.Metadata?.PhoneNumberId);
        Assert.Equal("15550783881", value.Metadata?.DisplayPhoneNumber);
        var contact = Assert.Single(value.Contacts!);
        Assert.Equal("Sheena Nelson", contact.Profile?.Name);
        Assert.Equal("16505551234", contact.WaId);
        Assert.Equal("text", m.Type);
        Assert.Equal("16505551234", m.From);
        Assert.StartsWith("wamid.", m.Id, StringComparison.Ordinal);
        Assert.Equal("Does it come in another color?", m.Text?.Body);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1749416383), m.Time);
        Assert.Null(m.ExtensionData);
    }

    [Theory]
    [InlineData("message_image", "image", "image/jpeg", "1003383421387256")]
    [InlineData("message_audio", "audio", "audio/ogg; codecs=opus", "1013859600285441")]
    [InlineData("message_video", "video", "video/mp4", "1214478246855212")]
    [InlineData("message_document", "document", "application/pdf", "1376223850470843")]
    [InlineData("message_sticker", "sticker", "image/webp", "798882015472548")]
    public void Media_messages(string fixture, string type, string mime, string id)
    {
        var (_, m) = One(fixture);
        Assert.Equal(type, m.Type);
        Assert.NotNull(m.Media);
        Assert.Equal(mime, m.Media.MimeType);
        Assert.Equal(id, m.Media.Id);
        Assert.False(string.IsNullOrEmpty(m.Media.Sha256));
    }

    [Fact]
    public void Media_details_caption_filename_voice_animated_url()
    {
        Assert.Equal("Like this one", One("message_image").Message.Image?.Caption);
        Assert.StartsWith("https://lookaside.fbsbx.com/", One("message_image").Message.Image?.Url, StringComparison.Ordinal);
        Assert.True(One("message_audio").Message.Audio?.Voice);
        Assert.Equal("lucky-shrub-invoice.pdf", One("message_document").Message.Document?.Filename);
        Assert.False(One("message_sticker").Message.Sticker?.Animated);
    }

    [Fact]
    public void Location_with_numeric_coordinates()
    {
        var l = One("message_location").Message.Location!;
        Assert.Equal(37.44216251868683, l.Latitude);
        Assert.Equal(-122.16153582049394, l.Longitude);
        Assert.Equal("Philz Coffee", l.Name);
        Assert.Equal("101 Forest Ave, Palo Alto, CA 94301", l.Address);
        Assert.Equal("https://philzcoffee.com", l.Url);
    }

    [Fact]
    public void Contacts_card()
    {
        var card = Assert.Single(One("message_contacts").Message.Contacts!);
        Assert.Equal("Pablo Morales", card.Name.FormattedName);
        Assert.Equal("19405551234", card.Phones![0].WaId);
        Assert.Equal("pablo@example.com", card.Emails![0].Email);
        Assert.Equal("US", card.Addresses![0].CountryCode);
        Assert.Equal("Lucky Shrub", card.Org?.Company);
        Assert.Equal("1999-01-23", card.Birthday);
    }

    [Fact]
    public void Interactive_replies()
    {
        var button = One("message_interactive_button_reply").Message;
        Assert.Equal("button_reply", button.Interactive?.Type);
        Assert.Equal("change-button", button.Interactive?.ButtonReply?.Id);
        Assert.Equal("Change", button.Interactive?.ButtonReply?.Title);
        Assert.Equal("15550783881", button.Context?.From);
        Assert.StartsWith("wamid.", button.Context?.Id, StringComparison.Ordinal);

        var list = One("message_interactive_list_reply").Message.Interactive!;
        Assert.Equal("list_reply", list.Type);
        Assert.Equal("priority_express", list.ListReply?.Id);
        Assert.Equal("Next Day to 2 Days", list.ListReply?.Description);

        var nfm = One("message_interactive_nfm_reply").Message.Interactive!;
        Assert.Equal("nfm_reply", nfm.Type);
        Assert.Equal("flow", nfm.NfmReply?.Name);
        Assert.Equal("Sent", nfm.NfmReply?.Body);
        Assert.Contains("\"rating\":\"5\"", nfm.NfmReply?.ResponseJson, StringComparison.Ordinal);
    }

    [Fact]
    public void Template_quick_reply_button()
    {
        var m = One("message_button").Message;
        Assert.Equal("button", m.Type);
        Assert.Equal("STOP_PROMOS", m.Button?.Payload);
        Assert.Equal("Stop promotions", m.Button?.Text);
        Assert.NotNull(m.Context?.Id);
    }

    [Fact]
    public void Reaction_with_emoji()
    {
        var r = One("message_reaction").Message.Reaction!;
        Assert.Equal("😮", r.Emoji);
        Assert.StartsWith("wamid.", r.MessageId, StringComparison.Ordinal);
    }

    [Fact]
    public void Order_with_items()
    {
        var o = One("message_order").Message.Order!;
        Assert.Equal("194836987003835", o.CatalogId);
        Assert.Equal(2, o.ProductItems!.Count);
        Assert.Equal(25.5, o.ProductItems[1].ItemPrice);
        Assert.Equal(2, o.ProductItems[0].Quantity);
    }

    [Fact]
    public void System_number_change_without_contacts()
    {
        var (value, m) = One("message_system");
        Assert.Null(value.Contacts);
        Assert.Equal("user_changed_number", m.System?.Type);
        Assert.Equal("12195555555", m.System?.WaId);
    }

    [Fact]
    public void Referral_from_an_ad()
    {
        var r = One("message_referral").Message.Referral!;
        Assert.Equal("ad", r.SourceType);
        Assert.Equal("120226305854810726", r.SourceId);
        Assert.Equal("image", r.MediaType);
        Assert.StartsWith("Aff-", r.CtwaClid, StringComparison.Ordinal);
        Assert.Equal("Hi! How can we help?", r.WelcomeMessage?.Text);
    }

    [Fact]
    public void Forwarded_and_frequently_forwarded_context()
    {
        var delivery = WebhookParser.Parse(Fixtures.Webhook("message_forwarded"));
        var messages = ((MessagesValue)delivery.Entries[0].Changes[0].Value).Messages!;
        Assert.True(messages[0].Context?.Forwarded);
        Assert.Null(messages[0].Context?.FrequentlyForwarded);
        Assert.True(messages[1].Context?.FrequentlyForwarded);
    }

    [Fact]
    public void Product_enquiry_context()
    {
        var c = One("message_product_enquiry").Message.Context!;
        Assert.Equal("di9ozbzfi4", c.ReferredProduct?.ProductRetailerId);
        Assert.Equal("194836987003835", c.ReferredProduct?.CatalogId);
    }

    [Fact]
    public void Unsupported_with_errors()
    {
        var m = One("message_unsupported").Message;
        Assert.Equal("unsupported", m.Type);
        Assert.Equal("poll_creation", m.Unsupported?.Type);
        var error = Assert.Single(m.Errors!);
        Assert.Equal(131051, error.Code);
        Assert.Equal("Message type is currently not supported.", error.ErrorData?.Details);
    }

    [Fact]
    public void Request_welcome_has_no_content()
    {
        var m = One("message_request_welcome").Message;
        Assert.Equal("request_welcome", m.Type);
        Assert.Null(m.ExtensionData);
    }

    [Fact]
    public void Unknown_message_type_is_preserved()
    {
        var m = One("message_unknown_type").Message;
        Assert.Equal("hologram", m.Type);
        Assert.Equal(3, m.ExtensionData!["hologram"].GetProperty("frames").GetInt32());
        Assert.Equal("cube", m.ExtensionData["hologram"].GetProperty("shape").GetProperty("kind").GetString());
        Assert.Equal("kept", m.ExtensionData["brand_new_field"].GetString());
    }

    [Fact]
    public void Meta_wire_escapes_are_decoded()
    {
        var delivery = WebhookParser.Parse(Fixtures.Webhook("message_non_ascii"));
        var change = Assert.Single(delivery.Entries[0].Changes);
        Assert.Equal("messages", change.Field); // "field" comes after "value" in this body
        var value = Assert.IsType<MessagesValue>(change.Value);
        Assert.Equal("José María 東京", value.Contacts![0].Profile?.Name);
        Assert.Equal("Olá! Café às 9h? 😀👍🏽 veja https://exemplo.com.br/cardápio", value.Messages![0].Text?.Body);
    }
}
