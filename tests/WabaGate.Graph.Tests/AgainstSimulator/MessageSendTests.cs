using WabaGate.Graph.Errors;
using WabaGate.Graph.Messages;
using WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;
using static WabaGate.Graph.Tests.AgainstSimulator.Infrastructure.LiveMeta;

namespace WabaGate.Graph.Tests.AgainstSimulator;

public sealed class MessageSendTests
{
    private const string Customer = "16505551234";
    private const string To = "+1 (650) 555-1234";

    [Fact]
    public async Task Text_reply_context_location_and_contacts_go_out_in_metas_shape()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        var inbound = (await meta.CustomerWritesAsync(Customer, c.PhoneId))["wamid"]!.GetValue<string>();

        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateText(To, "See https://www.meta.com/", previewUrl: true),
            """ "text":{"body":"See https://www.meta.com/","preview_url":true} """);
        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateText(To, "Re: that").ReplyingTo(inbound) with { BizOpaqueCallbackData = "order-7" },
            $$""" "text":{"body":"Re: that"},"context":{"message_id":"{{inbound}}"},"biz_opaque_callback_data":"order-7" """);
        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateLocation(To, new LocationContent(37.44216251868683, -122.16153582049394, "Philz Coffee", "101 Forest Ave")),
            """ "location":{"latitude":"37.44216251868683","longitude":"-122.16153582049394","name":"Philz Coffee","address":"101 Forest Ave"} """);
        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateContacts(To, [Card()]),
            """
            "contacts":[{"name":{"formatted_name":"Pablo Morales","first_name":"Pablo","last_name":"Morales"},
              "phones":[{"phone":"+1 (940) 555-1234","type":"HOME","wa_id":"19405551234"}],
              "emails":[{"email":"pablo@example.com","type":"WORK"}],
              "addresses":[{"street":"1 Lucky Shrub Way","city":"Menlo Park","state":"CA","zip":"94025","country":"United States","country_code":"US","type":"WORK"}],
              "org":{"company":"Lucky Shrub","department":"Sales","title":"Manager"},
              "urls":[{"url":"https://www.luckyshrub.com","type":"WORK"}],
              "birthday":"1999-01-23"}]
            """);
    }

    [Fact]
    public async Task Reactions_go_out_and_an_empty_emoji_removes_one()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        var inbound = (await meta.CustomerWritesAsync(Customer, c.PhoneId))["wamid"]!.GetValue<string>();

        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateReaction(To, inbound, "\U0001F600"), $$""" "reaction":{"message_id":"{{inbound}}","emoji":"😀"} """);
        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateReaction(To, inbound, ""), $$""" "reaction":{"message_id":"{{inbound}}","emoji":""} """);
    }

    [Theory]
    [InlineData(MessageTypes.Image, "image/jpeg", "photo.jpg")]
    [InlineData(MessageTypes.Document, "application/pdf", "order.pdf")]
    [InlineData(MessageTypes.Audio, "audio/ogg", "voice.ogg")]
    [InlineData(MessageTypes.Video, "video/mp4", "clip.mp4")]
    [InlineData(MessageTypes.Sticker, "image/webp", "sticker.webp")]
    public async Task Media_goes_out_by_id_and_by_link(string type, string mime, string fileName)
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        await meta.CustomerWritesAsync(Customer, c.PhoneId);
        using var file = new MemoryStream("fake media bytes"u8.ToArray());
        var id = (await meta.Client.UploadMediaAsync(c.PhoneId, file, fileName, mime, c.Token, Ct)).Id;
        var (byId, byIdJson) = type switch
        {
            MessageTypes.Image or MessageTypes.Video => (MediaContent.FromId(id, caption: "Look"), $$"""{"id":"{{id}}","caption":"Look"}"""),
            MessageTypes.Document => (MediaContent.FromId(id, caption: "Your order", filename: "order_abc.pdf"), $$"""{"id":"{{id}}","caption":"Your order","filename":"order_abc.pdf"}"""),
            MessageTypes.Audio => (MediaContent.FromId(id) with { Voice = true }, $$"""{"id":"{{id}}","voice":true}"""),
            _ => (MediaContent.FromId(id), $$"""{"id":"{{id}}"}"""),
        };

        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateMedia(To, type, byId), $""" "{type}":{byIdJson} """);
        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateMedia(To, type, MediaContent.FromLink("https://example.com/" + fileName)),
            $$$""" "{{{type}}}":{"link":"https://example.com/{{{fileName}}}"} """);
    }

    [Fact]
    public async Task Interactive_buttons_list_and_cta_url_go_out_in_metas_shape()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        await meta.CustomerWritesAsync(Customer, c.PhoneId);
        using var file = new MemoryStream("png"u8.ToArray());
        var image = (await meta.Client.UploadMediaAsync(c.PhoneId, file, "h.png", "image/png", c.Token, Ct)).Id;

        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateInteractive(To, InteractiveContent.Buttons(
                "Your workshop is at 9am tomorrow.",
                [ReplyButton.Create("change-button", "Change"), ReplyButton.Create("cancel-button", "Cancel")],
                InteractiveHeader.FromImage(MediaContent.FromId(image)),
                "Lucky Shrub")),
            $$$"""
            "interactive":{"type":"button","header":{"type":"image","image":{"id":"{{{image}}}"}},
              "body":{"text":"Your workshop is at 9am tomorrow."},"footer":{"text":"Lucky Shrub"},
              "action":{"buttons":[{"type":"reply","reply":{"id":"change-button","title":"Change"}},{"type":"reply","reply":{"id":"cancel-button","title":"Cancel"}}]}}
            """);
        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateInteractive(To, InteractiveContent.List(
                "Which shipping option do you prefer?",
                "Shipping Options",
                [new ListSection("I want it ASAP!", [new ListRow("priority_express", "Priority Mail Express", "Next Day to 2 Days")])],
                InteractiveHeader.FromText("Choose Shipping Option"),
                "Lucky Shrub")),
            """
            "interactive":{"type":"list","header":{"type":"text","text":"Choose Shipping Option"},
              "body":{"text":"Which shipping option do you prefer?"},"footer":{"text":"Lucky Shrub"},
              "action":{"button":"Shipping Options","sections":[{"title":"I want it ASAP!","rows":[{"id":"priority_express","title":"Priority Mail Express","description":"Next Day to 2 Days"}]}]}}
            """);
        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateInteractive(To, InteractiveContent.CtaUrl(
                "Tap the button below to see available dates.", "See Dates", "https://www.luckyshrub.com?clickID=abc",
                InteractiveHeader.FromText("New workshop dates announced!"), "Dates subject to change.")),
            """
            "interactive":{"type":"cta_url","header":{"type":"text","text":"New workshop dates announced!"},
              "body":{"text":"Tap the button below to see available dates."},"footer":{"text":"Dates subject to change."},
              "action":{"name":"cta_url","parameters":{"display_text":"See Dates","url":"https://www.luckyshrub.com?clickID=abc"}}}
            """);
    }

    [Fact]
    public async Task Mark_as_read_and_typing_indicator_answer_success()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        var inbound = (await meta.CustomerWritesAsync(Customer, c.PhoneId))["wamid"]!.GetValue<string>();

        await meta.Client.MarkAsReadAsync(c.PhoneId, inbound, c.Token, ct: Ct);
        await meta.Client.SendTypingIndicatorAsync(c.PhoneId, inbound, c.Token, Ct);

        var unknown = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.MarkAsReadAsync(c.PhoneId, "wamid.unknown", c.Token, ct: Ct));
        Assert.Equal(GraphErrorCodes.ParameterValueInvalid, unknown.Code);
        Assert.Empty(await meta.OutboxAsync(c.PhoneId));
    }

    private static ContactCard Card() => new()
    {
        Name = new ContactName { FormattedName = "Pablo Morales", FirstName = "Pablo", LastName = "Morales" },
        Phones = [new ContactPhone("+1 (940) 555-1234", "HOME", "19405551234")],
        Emails = [new ContactEmail("pablo@example.com", "WORK")],
        Addresses = [new ContactAddress { Street = "1 Lucky Shrub Way", City = "Menlo Park", State = "CA", Zip = "94025", Country = "United States", CountryCode = "US", Type = "WORK" }],
        Org = new ContactOrg("Lucky Shrub", "Sales", "Manager"),
        Urls = [new ContactUrl("https://www.luckyshrub.com", "WORK")],
        Birthday = "1999-01-23",
    };
}
