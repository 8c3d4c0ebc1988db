using WabaGate.Graph.Messages;
using WabaGate.Graph.Tests.Infrastructure;

namespace WabaGate.Graph.Tests.Client;

public sealed class SendMessageShapeTests
{
    private const string Phone = "106540352242922";
    private const string To = "+16505551234";
    private const string Token = "EAAJB-tenant-token";
    private const string Ok = """{"messaging_product":"whatsapp","contacts":[{"input":"+16505551234","wa_id":"16505551234"}],"messages":[{"id":"wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA"}]}""";
    private const string Envelope = "\"messaging_product\":\"whatsapp\",\"recipient_type\":\"individual\",\"to\":\"+16505551234\",";

    public static TheoryData<string> Kinds => new(Cases.Keys);

    private static readonly Dictionary<string, (SendMessageRequest Request, string Expected)> Cases = new()
    {
        ["text"] = (SendMessageRequest.CreateText(To, "See https://www.meta.com/quest/quest-3/", previewUrl: true),
            "{" + Envelope + "\"type\":\"text\",\"text\":{\"preview_url\":true,\"body\":\"See https://www.meta.com/quest/quest-3/\"}}"),
        ["text_plain"] = (SendMessageRequest.CreateText(To, "Olá, café às 9h? 😀"),
            "{" + Envelope + "\"type\":\"text\",\"text\":{\"body\":\"Olá, café às 9h? 😀\"}}"),
        ["image"] = (SendMessageRequest.CreateImage(To, MediaContent.FromId("1479537139650973", caption: "The best succulent ever?")),
            "{" + Envelope + "\"type\":\"image\",\"image\":{\"id\":\"1479537139650973\",\"caption\":\"The best succulent ever?\"}}"),
        ["document"] = (SendMessageRequest.CreateDocument(To, MediaContent.FromId("1376223850470843", "Your order (PDF)", "order_abc123.pdf")),
            "{" + Envelope + "\"type\":\"document\",\"document\":{\"id\":\"1376223850470843\",\"filename\":\"order_abc123.pdf\",\"caption\":\"Your order (PDF)\"}}"),
        ["audio_voice"] = (SendMessageRequest.CreateAudio(To, new MediaContent { Id = "1013859600285441", Voice = true }),
            "{" + Envelope + "\"type\":\"audio\",\"audio\":{\"id\":\"1013859600285441\",\"voice\":true}}"),
        ["video_link"] = (SendMessageRequest.CreateMedia(To, "video", MediaContent.FromLink("https://example.com/clip.mp4", "A succulent eclipse!")),
            "{" + Envelope + "\"type\":\"video\",\"video\":{\"link\":\"https://example.com/clip.mp4\",\"caption\":\"A succulent eclipse!\"}}"),
        ["sticker"] = (SendMessageRequest.CreateSticker(To, MediaContent.FromId("798882015472548")),
            "{" + Envelope + "\"type\":\"sticker\",\"sticker\":{\"id\":\"798882015472548\"}}"),
        ["reaction"] = (SendMessageRequest.CreateReaction(To, "wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA", "\uD83D\uDE00"),
            "{" + Envelope + "\"type\":\"reaction\",\"reaction\":{\"message_id\":\"wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA\",\"emoji\":\"\\uD83D\\uDE00\"}}"),
        ["location"] = (SendMessageRequest.CreateLocation(To, new LocationContent(37.44216251868683, -122.16153582049394, "Philz Coffee", "101 Forest Ave, Palo Alto, CA 94301")),
            "{" + Envelope + "\"type\":\"location\",\"location\":{\"latitude\":\"37.44216251868683\",\"longitude\":\"-122.16153582049394\",\"name\":\"Philz Coffee\",\"address\":\"101 Forest Ave, Palo Alto, CA 94301\"}}"),
        ["contacts"] = (SendMessageRequest.CreateContacts(To,
            [
                new ContactCard
                {
                    Name = new ContactName { FormattedName = "Pablo Morales", FirstName = "Pablo", LastName = "Morales" },
                    Phones = [new ContactPhone("+1 (940) 555-1234", "HOME", "19405551234")],
                    Emails = [new ContactEmail("pablo@example.com", "WORK")],
                    Addresses = [new ContactAddress { Street = "1 Lucky Shrub Way", City = "Menlo Park", State = "CA", Zip = "94025", Country = "United States", CountryCode = "US", Type = "WORK" }],
                    Org = new ContactOrg("Lucky Shrub", "Sales", "Manager"),
                    Urls = [new ContactUrl("https://www.luckyshrub.com", "WORK")],
                    Birthday = "1999-01-23",
                },
            ]),
            "{" + Envelope + """
            "type":"contacts","contacts":[{
              "name":{"formatted_name":"Pablo Morales","first_name":"Pablo","last_name":"Morales"},
              "phones":[{"phone":"+1 (940) 555-1234","type":"HOME","wa_id":"19405551234"}],
              "emails":[{"email":"pablo@example.com","type":"WORK"}],
              "addresses":[{"street":"1 Lucky Shrub Way","city":"Menlo Park","state":"CA","zip":"94025","country":"United States","country_code":"US","type":"WORK"}],
              "org":{"company":"Lucky Shrub","department":"Sales","title":"Manager"},
              "urls":[{"url":"https://www.luckyshrub.com","type":"WORK"}],
              "birthday":"1999-01-23"}]}
            """),
        ["interactive_buttons"] = (SendMessageRequest.CreateInteractive(To, InteractiveContent.Buttons(
                "Your workshop is at 9am tomorrow.",
                [ReplyButton.Create("change-button", "Change"), ReplyButton.Create("cancel-button", "Cancel")],
                InteractiveHeader.FromImage(MediaContent.FromId("2762702990552401")),
                "Lucky Shrub")),
            "{" + Envelope + """
            "type":"interactive","interactive":{"type":"button",
              "header":{"type":"image","image":{"id":"2762702990552401"}},
              "body":{"text":"Your workshop is at 9am tomorrow."},
              "footer":{"text":"Lucky Shrub"},
              "action":{"buttons":[{"type":"reply","reply":{"id":"change-button","title":"Change"}},{"type":"reply","reply":{"id":"cancel-button","title":"Cancel"}}]}}}
            """),
        ["interactive_list"] = (SendMessageRequest.CreateInteractive(To, InteractiveContent.List(
                "Which shipping option do you prefer?",
                "Shipping Options",
                [new ListSection("I want it ASAP!", [new ListRow("priority_express", "Priority Mail Express", "Next Day to 2 Days")])],
                InteractiveHeader.FromText("Choose Shipping Option"),
                "Lucky Shrub")),
            "{" + Envelope + """
            "type":"interactive","interactive":{"type":"list",
              "header":{"type":"text","text":"Choose Shipping Option"},
              "body":{"text":"Which shipping option do you prefer?"},
              "footer":{"text":"Lucky Shrub"},
              "action":{"button":"Shipping Options","sections":[{"title":"I want it ASAP!","rows":[{"id":"priority_express","title":"Priority Mail Express","description":"Next Day to 2 Days"}]}]}}}
            """),
        ["interactive_cta_url"] = (SendMessageRequest.CreateInteractive(To, InteractiveContent.CtaUrl(
                "Tap the button below to see available dates.",
                "See Dates",
                "https://www.luckyshrub.com?clickID=abc",
                InteractiveHeader.FromText("New workshop dates announced!"),
                "Dates subject to change.")),
            "{" + Envelope + """
            "type":"interactive","interactive":{"type":"cta_url",
              "header":{"type":"text","text":"New workshop dates announced!"},
              "body":{"text":"Tap the button below to see available dates."},
              "footer":{"text":"Dates subject to change."},
              "action":{"name":"cta_url","parameters":{"display_text":"See Dates","url":"https://www.luckyshrub.com?clickID=abc"}}}}
            """),
        ["template_positional"] = (SendMessageRequest.CreateTemplate(To, TemplateContent.Create("order_update", "en_US",
                TemplateComponent.Header(TemplateParameter.FromImage(MediaContent.FromLink("https://example.com/banner.jpg"))),
                TemplateComponent.Body(
                    TemplateParameter.FromText("Jessica"),
                    TemplateParameter.FromCurrency("$100.99", "USD", 100990),
                    TemplateParameter.FromDateTime("February 25, 1977")),
                TemplateComponent.Button("url", 0, TemplateParameter.FromText("ORDER-123")),
                TemplateComponent.Button("quick_reply", 1, TemplateParameter.FromPayload("STOP_PROMOS")))),
            "{" + Envelope + """
            "type":"template","template":{"name":"order_update","language":{"code":"en_US"},"components":[
              {"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/banner.jpg"}}]},
              {"type":"body","parameters":[
                {"type":"text","text":"Jessica"},
                {"type":"currency","currency":{"fallback_value":"$100.99","code":"USD","amount_1000":100990}},
                {"type":"date_time","date_time":{"fallback_value":"February 25, 1977"}}]},
              {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"ORDER-123"}]},
              {"type":"button","sub_type":"quick_reply","index":"1","parameters":[{"type":"payload","payload":"STOP_PROMOS"}]}]}}
            """),
        ["template_named"] = (SendMessageRequest.CreateTemplate(To, TemplateContent.Create("order_confirmation", "pt_BR",
                TemplateComponent.Body(
                    TemplateParameter.FromText("Pablo", "first_name"),
                    TemplateParameter.FromText("860198-230332", "order_number")),
                TemplateComponent.Button("copy_code", 0, TemplateParameter.FromCouponCode("SAVE20")))),
            "{" + Envelope + """
            "type":"template","template":{"name":"order_confirmation","language":{"code":"pt_BR"},"components":[
              {"type":"body","parameters":[
                {"type":"text","parameter_name":"first_name","text":"Pablo"},
                {"type":"text","parameter_name":"order_number","text":"860198-230332"}]},
              {"type":"button","sub_type":"copy_code","index":"0","parameters":[{"type":"coupon_code","coupon_code":"SAVE20"}]}]}}
            """),
        ["template_no_components"] = (SendMessageRequest.CreateTemplate(To, TemplateContent.Create("hello_world", "en_US")),
            "{" + Envelope + "\"type\":\"template\",\"template\":{\"name\":\"hello_world\",\"language\":{\"code\":\"en_US\"}}}"),
        ["reply_with_callback_data"] = (SendMessageRequest.CreateText(To, "Yes, in blue too.").ReplyingTo("wamid.QUOTED") with { BizOpaqueCallbackData = "ticket-7" },
            "{" + Envelope + "\"type\":\"text\",\"text\":{\"body\":\"Yes, in blue too.\"},\"context\":{\"message_id\":\"wamid.QUOTED\"},\"biz_opaque_callback_data\":\"ticket-7\"}"),
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task Send_produces_Metas_exact_json(string kind)
    {
        var (request, expected) = Cases[kind];
        await using var stub = await MetaStub.StartAsync(Ok);
        var client = stub.CreateClient();

        var response = await client.SendMessageAsync(Phone, request, Token, TestContext.Current.CancellationToken);

        var recorded = stub.OnlyRequest();
        Assert.Equal("POST", recorded.Method);
        Assert.Equal($"{MetaStub.Prefix}/v24.0/{Phone}/messages", recorded.Path);
        Assert.Equal("", recorded.QueryString);
        Assert.Equal($"Bearer {Token}", recorded.Authorization);
        Assert.StartsWith("application/json", recorded.ContentType, StringComparison.Ordinal);
        JsonAssert.Equal(expected, recorded.Json);
        Assert.Equal("wamid.HBgLMTY0NjcwNDM1OTUVAgARGBI1RjQyNUE3NEYxMzAzMzQ5MkEA", response.MessageId);
    }

    [Fact]
    public async Task Send_response_is_parsed_with_contacts_and_message_status()
    {
        await using var stub = await MetaStub.StartAsync("""
            {"messaging_product":"whatsapp","contacts":[{"input":"+1 (650) 555-1234","wa_id":"16505551234"}],
             "messages":[{"id":"wamid.T1","message_status":"held_for_quality_assessment"}]}
            """);

        var response = await stub.CreateClient().SendMessageAsync(Phone, Cases["template_named"].Request, Token, TestContext.Current.CancellationToken);

        Assert.Equal("whatsapp", response.MessagingProduct);
        var contact = Assert.Single(response.Contacts);
        Assert.Equal("+1 (650) 555-1234", contact.Input);
        Assert.Equal("16505551234", contact.WaId);
        var message = Assert.Single(response.Messages);
        Assert.Equal("wamid.T1", message.Id);
        Assert.Equal("held_for_quality_assessment", message.MessageStatus);
    }

    [Fact]
    public async Task Mark_as_read_and_typing_indicator_post_the_status_shape()
    {
        await using var stub = await MetaStub.StartAsync("""{"success":true}""");
        var client = stub.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        await client.MarkAsReadAsync(Phone, "wamid.IN1", Token, ct: ct);
        await client.SendTypingIndicatorAsync(Phone, "wamid.IN2", Token, ct);

        var requests = stub.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.All(requests, r => Assert.Equal($"{MetaStub.Prefix}/v24.0/{Phone}/messages", r.Path));
        JsonAssert.Equal("""{"messaging_product":"whatsapp","status":"read","message_id":"wamid.IN1"}""", requests[0].Json);
        JsonAssert.Equal("""{"messaging_product":"whatsapp","status":"read","message_id":"wamid.IN2","typing_indicator":{"type":"text"}}""", requests[1].Json);
    }

    [Fact]
    public void Media_factory_rejects_non_media_types() =>
        Assert.Throws<ArgumentException>(() => SendMessageRequest.CreateMedia(To, "text", MediaContent.FromId("1")));
}
