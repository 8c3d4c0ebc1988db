using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using WabaGate.Simulator.Tests.Infrastructure;

namespace WabaGate.Simulator.Tests;

public sealed class MessagingTests
{
    private const string Customer = "5511999990000";

    public static TheoryData<string, string> SendBodies => new()
    {
        { "text", """{"preview_url":true,"body":"Olá! See https://example.com/x"}""" },
        { "image", """{"link":"https://example.com/a.jpg","caption":"A picture"}""" },
        { "video", """{"link":"https://example.com/a.mp4"}""" },
        { "audio", """{"link":"https://example.com/a.ogg","voice":true}""" },
        { "document", """{"link":"https://example.com/a.pdf","filename":"order.pdf","caption":"Your order"}""" },
        { "sticker", """{"link":"https://example.com/a.webp"}""" },
        { "location", """{"latitude":"37.44216251868683","longitude":"-122.16153582049394","name":"Philz","address":"101 Forest Ave"}""" },
        { "contacts", """[{"name":{"formatted_name":"Pablo Morales","first_name":"Pablo"},"phones":[{"phone":"+1 (940) 555-1234","type":"HOME","wa_id":"19405551234"}]}]""" },
        { "interactive", """{"type":"button","body":{"text":"Pick one"},"action":{"buttons":[{"type":"reply","reply":{"id":"a","title":"Yes"}},{"type":"reply","reply":{"id":"b","title":"No"}}]}}""" },
        { "interactive", """{"type":"list","body":{"text":"Shipping?"},"action":{"button":"Options","sections":[{"title":"Fast","rows":[{"id":"x","title":"Express","description":"Next day"}]}]}}""" },
        { "interactive", """{"type":"cta_url","body":{"text":"Dates"},"action":{"name":"cta_url","parameters":{"display_text":"See dates","url":"https://example.com"}}}""" },
        { "reaction", """{"message_id":"wamid.HBgLMTIz","emoji":"😀"}""" },
    };

    [Theory]
    [MemberData(nameof(SendBodies))]
    public async Task Every_send_type_is_accepted_and_recorded_in_the_outbox(string type, string payload)
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        await sim.CustomerWritesAsync(Customer, c.PhoneId);
        var json = $$"""{"messaging_product":"whatsapp","recipient_type":"individual","to":"+55 11 99999-0000","type":"{{type}}","{{type}}":{{payload}},"biz_opaque_callback_data":"ref-1"}""";

        var (status, body) = await sim.PostAsync($"{c.PhoneId}/messages", c.Token, json);

        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("whatsapp", body["messaging_product"]!.GetValue<string>());
        Assert.Equal("+55 11 99999-0000", body["contacts"]![0]!["input"]!.GetValue<string>());
        Assert.Equal(Customer, body["contacts"]![0]!["wa_id"]!.GetValue<string>());
        var wamid = body["messages"]![0]!["id"]!.GetValue<string>();
        Assert.StartsWith("wamid.", wamid, StringComparison.Ordinal);

        var outbox = await sim.ControlAsync(HttpMethod.Get, $"/outbox?phoneNumberId={c.PhoneId}");
        var item = outbox["items"]!.AsArray().Single()!;
        Assert.Equal(wamid, item["wamid"]!.GetValue<string>());
        Assert.Equal(type, item["type"]!.GetValue<string>());
        Assert.Equal(Customer, item["waId"]!.GetValue<string>());
        Assert.Equal(json, item["rawRequest"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(payload), item["request"]![type]));
    }

    [Theory]
    [InlineData("""{"to":"5511999990000","type":"text","text":{"body":"x"}}""", 100)]
    [InlineData("""{"messaging_product":"whatsapp","type":"text","text":{"body":"x"}}""", 100)]
    [InlineData("""{"messaging_product":"whatsapp","to":"5511999990000","type":"text"}""", 131008)]
    [InlineData("""{"messaging_product":"whatsapp","to":"5511999990000","type":"hologram","hologram":{}}""", 100)]
    [InlineData("""{"messaging_product":"whatsapp","to":"5511999990000","type":"image","image":{"id":"1","link":"https://e.com/a.jpg"}}""", 100)]
    [InlineData("""{"messaging_product":"whatsapp","to":"5511999990000","type":"interactive","interactive":{"type":"button","body":{"text":"x"},"action":{"buttons":[{"type":"reply","reply":{"id":"1","title":"a"}},{"type":"reply","reply":{"id":"2","title":"b"}},{"type":"reply","reply":{"id":"3","title":"c"}},{"type":"reply","reply":{"id":"4","title":"d"}}]}}}""", 131009)]
    public async Task Invalid_sends_are_rejected_like_meta(string json, int code)
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        await sim.CustomerWritesAsync(Customer, c.PhoneId);
        var (status, body) = await sim.PostAsync($"{c.PhoneId}/messages", c.Token, json);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        MetaAssert.Error(body, code);
        Assert.Empty(sim.Host.State.GetOutbox(c.PhoneId));
    }

    [Fact]
    public async Task Free_form_outside_the_window_is_131047_and_ok_after_a_customer_message()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        var (status, error) = await sim.SendTextAsync(c, Customer);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        MetaAssert.Error(error, 131047);
        Assert.Equal("whatsapp", error["error"]!["error_data"]!["messaging_product"]!.GetValue<string>());

        await sim.CustomerWritesAsync(Customer, c.PhoneId);
        Assert.Equal(HttpStatusCode.OK, (await sim.SendTextAsync(c, Customer)).Status);

        sim.Clock.Advance(TimeSpan.FromHours(24) + TimeSpan.FromMinutes(1));
        MetaAssert.Error((await sim.SendTextAsync(c, Customer)).Body, 131047);
    }

    [Fact]
    public async Task Throughput_over_the_limit_is_130429()
    {
        await using var sim = await TestSim.StartAsync(o => o.ThroughputPerSecond = 3);
        var c = await sim.ConnectAsync();
        string[] customers = ["5511900000001", "5511900000002", "5511900000003", "5511900000004"];
        foreach (var customer in customers) await sim.CustomerWritesAsync(customer, c.PhoneId);
        for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await sim.SendTextAsync(c, customers[i])).Status);
        var (status, error) = await sim.SendTextAsync(c, customers[3]);
        Assert.Equal(HttpStatusCode.BadRequest, status);
        MetaAssert.Error(error, 130429);
        sim.Clock.Advance(TimeSpan.FromSeconds(1.1));
        Assert.Equal(HttpStatusCode.OK, (await sim.SendTextAsync(c, customers[3])).Status);
    }

    [Fact]
    public async Task Pair_rate_limit_is_131056()
    {
        await using var sim = await TestSim.StartAsync(o => o.PairRateBurst = 2);
        var c = await sim.ConnectAsync();
        await sim.CustomerWritesAsync(Customer, c.PhoneId);
        Assert.Equal(HttpStatusCode.OK, (await sim.SendTextAsync(c, Customer)).Status);
        Assert.Equal(HttpStatusCode.OK, (await sim.SendTextAsync(c, Customer)).Status);
        MetaAssert.Error((await sim.SendTextAsync(c, Customer)).Body, 131056);
        sim.Clock.Advance(TimeSpan.FromSeconds(6.5));
        Assert.Equal(HttpStatusCode.OK, (await sim.SendTextAsync(c, Customer)).Status);
    }

    [Fact]
    public async Task Mark_as_read_and_typing_indicator_answer_success()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        var inbound = await sim.CustomerWritesAsync(Customer, c.PhoneId);
        var wamid = inbound["wamid"]!.GetValue<string>();
        var (status, body) = await sim.PostAsync($"{c.PhoneId}/messages", c.Token, $$"""{"messaging_product":"whatsapp","status":"read","message_id":"{{wamid}}"}""");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.True(body["success"]!.GetValue<bool>());
        var (typing, typingBody) = await sim.PostAsync($"{c.PhoneId}/messages", c.Token, $$$"""{"messaging_product":"whatsapp","status":"read","message_id":"{{{wamid}}}","typing_indicator":{"type":"text"}}""");
        Assert.Equal(HttpStatusCode.OK, typing);
        Assert.True(typingBody["success"]!.GetValue<bool>());
        MetaAssert.Error((await sim.PostAsync($"{c.PhoneId}/messages", c.Token, """{"messaging_product":"whatsapp","status":"read","message_id":"wamid.unknown"}""")).Body, 131009);
    }

    [Fact]
    public async Task Status_progression_sent_delivered_read_arrives_with_pricing()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        await sim.CustomerWritesAsync(Customer, c.PhoneId);
        var (_, body) = await sim.SendTextAsync(c, Customer);
        var wamid = body["messages"]![0]!["id"]!.GetValue<string>();

        await sim.Receiver.WaitForAsync(_ => StatusesOf(sim, wamid).Count == 3);
        var statuses = StatusesOf(sim, wamid);
        Assert.Equal(["sent", "delivered", "read"], statuses.Select(s => s["status"]!.GetValue<string>()));
        Assert.All(statuses, s => Assert.Equal(Customer, s["recipient_id"]!.GetValue<string>()));
        Assert.All(statuses, s => Assert.Null(s["conversation"]));
        var pricing = statuses[0]["pricing"]!;
        Assert.False(pricing["billable"]!.GetValue<bool>());
        Assert.Equal("PMP", pricing["pricing_model"]!.GetValue<string>());
        Assert.Equal("free_customer_service", pricing["type"]!.GetValue<string>());
        Assert.Equal("service", pricing["category"]!.GetValue<string>());
        Assert.NotNull(statuses[1]["pricing"]);
        Assert.Null(statuses[2]["pricing"]);
        Assert.All(sim.Receiver.Received, d => Assert.True(d.SignatureValid));
    }

    [Fact]
    public async Task Statuses_follow_the_configured_delays()
    {
        await using var sim = await TestSim.StartAsync(o =>
        {
            o.SentDelay = TimeSpan.FromMilliseconds(50);
            o.DeliveredDelay = TimeSpan.FromMilliseconds(150);
            o.ReadDelay = TimeSpan.FromMilliseconds(300);
        });
        var c = await sim.ConnectAsync();
        await sim.CustomerWritesAsync(Customer, c.PhoneId);
        var (_, body) = await sim.SendTextAsync(c, Customer);
        var wamid = body["messages"]![0]!["id"]!.GetValue<string>();
        await sim.Receiver.WaitForAsync(_ => StatusesOf(sim, wamid).Count >= 1);
        Assert.True(StatusesOf(sim, wamid).Count < 3, "read must not arrive with sent");
        await sim.Receiver.WaitForAsync(_ => StatusesOf(sim, wamid).Count == 3);
    }

    [Fact]
    public async Task Reactions_only_produce_sent_and_undeliverable_customers_fail()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        await sim.CustomerWritesAsync(Customer, c.PhoneId);
        var (_, reaction) = await sim.PostAsync($"{c.PhoneId}/messages", c.Token, """{"messaging_product":"whatsapp","to":"5511999990000","type":"reaction","reaction":{"message_id":"wamid.X","emoji":"👍"}}""");
        var reactionId = reaction["messages"]![0]!["id"]!.GetValue<string>();

        await sim.ControlAsync(HttpMethod.Put, "/customers/5511911112222", new { undeliverable = true });
        await sim.CustomerWritesAsync("5511911112222", c.PhoneId);
        var (_, failed) = await sim.SendTextAsync(c, "5511911112222");
        var failedId = failed["messages"]![0]!["id"]!.GetValue<string>();

        await sim.Receiver.WaitForAsync(_ => StatusesOf(sim, failedId).Count == 1 && StatusesOf(sim, reactionId).Count == 1);
        await Task.Delay(100, Ct);
        Assert.Equal("sent", StatusesOf(sim, reactionId).Single()["status"]!.GetValue<string>());
        var failure = StatusesOf(sim, failedId).Single();
        Assert.Equal("failed", failure["status"]!.GetValue<string>());
        Assert.Equal(131026, failure["errors"]![0]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task Sending_uploaded_media_by_id_is_accepted()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        await sim.CustomerWritesAsync(Customer, c.PhoneId);
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("whatsapp"), "messaging_product");
        form.Add(new StringContent("image/png"), "type");
        var file = new ByteArrayContent([0x89, 0x50, 0x4E, 0x47]);
        file.Headers.ContentType = new MediaTypeHeaderValue("image/png");
        form.Add(file, "file", "a.png");
        var (_, upload) = await sim.SendAsync(new HttpRequestMessage(HttpMethod.Post, sim.Graph($"{c.PhoneId}/media")) { Content = form }, c.Token);
        var mediaId = upload["id"]!.GetValue<string>();
        var (status, body) = await sim.PostAsync($"{c.PhoneId}/messages", c.Token, $$$"""{"messaging_product":"whatsapp","to":"{{{Customer}}}","type":"image","image":{"id":"{{{mediaId}}}"}}""");
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        MetaAssert.Error((await sim.PostAsync($"{c.PhoneId}/messages", c.Token, $$$"""{"messaging_product":"whatsapp","to":"{{{Customer}}}","type":"image","image":{"id":"999"}}""")).Body, 131009);
    }

    internal static List<JsonObject> StatusesOf(TestSim sim, string wamid) =>
        [.. sim.Receiver.ChangesOf("messages")
            .SelectMany(ch => ch["value"]!["statuses"]?.AsArray() ?? [])
            .Select(s => s!.AsObject())
            .Where(s => s["id"]!.GetValue<string>() == wamid)];
}
