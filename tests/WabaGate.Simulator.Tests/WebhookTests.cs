using System.Text;
using WabaGate.Graph.Webhooks;
using WabaGate.Simulator.Tests.Infrastructure;

namespace WabaGate.Simulator.Tests;

public sealed class WebhookTests
{
    private const string Customer = "5511999990000";

    [Fact]
    public async Task Customer_message_arrives_signed_in_metas_exact_wire_form()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        await sim.ControlPostAsync($"/customers/{Customer}/messages", new
        {
            phoneNumberId = c.PhoneId,
            type = "text",
            text = "Olá 😀 veja https://exemplo.com.br/a?b=1 \"ok\"",
            profileName = "José Ñandú",
        });

        var delivery = (await sim.Receiver.WaitForAsync(r => r.Any(d => d.Changes.Any(ch => ch["value"]!["messages"] is not null))))
            .First(d => d.Changes.Any(ch => ch["value"]!["messages"] is not null));
        Assert.True(delivery.SignatureValid);
        Assert.Equal(WebhookSignature.Compute(delivery.Body, TestSim.AppSecret), delivery.Signature);
        Assert.All(delivery.Body, b => Assert.True(b < 0x80, "the body must be ASCII only"));
        var raw = Encoding.ASCII.GetString(delivery.Body);
        Assert.Contains(@"Ol\u00e1 \ud83d\ude00 veja https:\/\/exemplo.com.br\/a?b=1 \""ok\""", raw, StringComparison.Ordinal);
        Assert.Contains(@"Jos\u00e9 \u00d1and\u00fa", raw, StringComparison.Ordinal);
        Assert.StartsWith("""{"object":"whatsapp_business_account","entry":[{"id":""" + "\"" + c.WabaId + "\"", raw, StringComparison.Ordinal);

        var value = delivery.Changes.Single()["value"]!;
        Assert.Equal("whatsapp", value["messaging_product"]!.GetValue<string>());
        Assert.Equal(c.PhoneId, value["metadata"]!["phone_number_id"]!.GetValue<string>());
        Assert.Matches("^1555[0-9]{7}$", value["metadata"]!["display_phone_number"]!.GetValue<string>());
        Assert.Equal("José Ñandú", value["contacts"]![0]!["profile"]!["name"]!.GetValue<string>());
        Assert.Equal(Customer, value["contacts"]![0]!["wa_id"]!.GetValue<string>());
        var message = value["messages"]![0]!;
        Assert.Equal(Customer, message["from"]!.GetValue<string>());
        Assert.StartsWith("wamid.", message["id"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Matches("^[0-9]{10}$", message["timestamp"]!.GetValue<string>());
        Assert.Equal("Olá 😀 veja https://exemplo.com.br/a?b=1 \"ok\"", message["text"]!["body"]!.GetValue<string>());
    }

    public static TheoryData<string, object, string> InboundKinds => new()
    {
        { "location", new { latitude = -23.55, longitude = -46.63, name = "Paulista" }, "location" },
        { "contacts", new[] { new { name = new { formatted_name = "Ana" }, phones = new[] { new { phone = "+55 11 9", type = "CELL" } } } }, "contacts" },
        { "interactive", new { type = "button_reply", id = "yes", title = "Sim" }, "interactive" },
        { "interactive", new { type = "list_reply", id = "row1", title = "Express", description = "Amanhã" }, "interactive" },
        { "button", new { payload = "STOP", text = "Parar" }, "button" },
        { "reaction", new { messageId = "wamid.ABC", emoji = "❤️" }, "reaction" },
        { "audio", new { voice = true }, "audio" },
        { "document", new { filename = "exame.pdf", caption = "resultado" }, "document" },
        { "video", new { caption = "v" }, "video" },
        { "sticker", new { animated = false }, "sticker" },
    };

    [Theory]
    [MemberData(nameof(InboundKinds))]
    public async Task Every_inbound_type_is_delivered_in_metas_shape(string type, object content, string key)
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        var body = new Dictionary<string, object> { ["phoneNumberId"] = c.PhoneId, ["type"] = type, [type] = content };
        await sim.ControlPostAsync($"/customers/{Customer}/messages", body);
        await sim.Receiver.WaitForAsync(_ => sim.Receiver.ChangesOf("messages").Any(ch => ch["value"]!["messages"] is not null));
        var message = sim.Receiver.ChangesOf("messages").First(ch => ch["value"]!["messages"] is not null)["value"]!["messages"]![0]!;
        Assert.Equal(type, message["type"]!.GetValue<string>());
        Assert.NotNull(message[key]);
        if (type == "reaction") Assert.Equal("wamid.ABC", message["reaction"]!["message_id"]!.GetValue<string>());
        if (type == "interactive") Assert.NotNull(message["interactive"]![message["interactive"]!["type"]!.GetValue<string>()]!["id"]);
        if (type is "audio" or "document" or "video" or "sticker")
        {
            Assert.NotNull(message[type]!["id"]);
            Assert.NotNull(message[type]!["sha256"]);
            Assert.NotNull(message[type]!["mime_type"]);
        }

        // the customer's window is open now
        Assert.Equal(System.Net.HttpStatusCode.OK, (await sim.SendTextAsync(c, Customer)).Status);
    }

    [Fact]
    public async Task Failed_delivery_is_retried_with_backoff_until_the_receiver_accepts()
    {
        await using var sim = await TestSim.StartAsync(o => o.SendPartnerAddedOnSignup = false);
        var c = await sim.ConnectAsync();
        sim.Receiver.RespondWith(500, 503);
        await sim.CustomerWritesAsync(Customer, c.PhoneId, "retry me");
        var received = await sim.Receiver.WaitForAsync(r => r.Count >= 3);
        Assert.Equal(3, received.Count);
        Assert.All(received, d => Assert.Equal(received[0].Body, d.Body));
        Assert.All(received, d => Assert.True(d.SignatureValid));
        // The simulator logs an attempt after the receiver has answered it: wait for the third entry too.
        var deadline = DateTime.UtcNow.AddSeconds(5);
        var attempts = sim.Host.State.GetDeliveryLog().Where(a => a.Url is not null).ToList();
        while (attempts.Count < 3 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(20, TestContext.Current.CancellationToken);
            attempts = sim.Host.State.GetDeliveryLog().Where(a => a.Url is not null).ToList();
        }

        Assert.Equal([1, 2, 3], attempts.Select(a => a.Attempt));
        Assert.Equal([500, 503, 200], attempts.Select(a => a.StatusCode ?? 0));
        Assert.True(attempts[2].Succeeded);
        Assert.True(attempts[2].At - attempts[1].At >= TimeSpan.FromMilliseconds(90), "the second retry waits longer (exponential backoff)");
    }

    [Fact]
    public async Task Duplicates_when_requested()
    {
        await using var sim = await TestSim.StartAsync(o => o.SendPartnerAddedOnSignup = false);
        var c = await sim.ConnectAsync();
        await sim.ControlAsync(HttpMethod.Put, "/webhook-behavior", new { duplicate = true });
        await sim.CustomerWritesAsync(Customer, c.PhoneId, "once");
        var received = await sim.Receiver.WaitForAsync(r => r.Count >= 2);
        await Task.Delay(100, Ct);
        Assert.Equal(2, sim.Receiver.Received.Count);
        Assert.Equal(received[0].Body, received[1].Body);
    }

    [Fact]
    public async Task Reorders_when_requested()
    {
        await using var sim = await TestSim.StartAsync(o => o.SendPartnerAddedOnSignup = false);
        var c = await sim.ConnectAsync();
        await sim.ControlAsync(HttpMethod.Put, "/webhook-behavior", new { reorder = true, gatherWindowMs = 600, reorderGroupSize = 3 });
        foreach (var text in new[] { "one", "two", "three" }) await sim.CustomerWritesAsync(Customer, c.PhoneId, text);
        await sim.Receiver.WaitForAsync(r => r.Count >= 3);
        var texts = sim.Receiver.ChangesOf("messages").Select(ch => ch["value"]!["messages"]![0]!["text"]!["body"]!.GetValue<string>());
        Assert.Equal(["three", "two", "one"], texts);
    }

    [Fact]
    public async Task Batches_several_changes_into_one_delivery_when_requested()
    {
        await using var sim = await TestSim.StartAsync(o => o.SendPartnerAddedOnSignup = false);
        var c = await sim.ConnectAsync();
        await sim.ControlAsync(HttpMethod.Put, "/webhook-behavior", new { batchSize = 3, gatherWindowMs = 600 });
        foreach (var text in new[] { "a", "b", "c" }) await sim.CustomerWritesAsync(Customer, c.PhoneId, text);
        var received = await sim.Receiver.WaitForAsync(r => r.Count >= 1);
        await Task.Delay(100, Ct);
        var delivery = Assert.Single(sim.Receiver.Received);
        Assert.True(delivery.SignatureValid);
        Assert.Equal(["a", "b", "c"], delivery.Changes.Select(ch => ch["value"]!["messages"]![0]!["text"]!["body"]!.GetValue<string>()));
        Assert.Single(delivery.Json["entry"]!.AsArray());
    }

    [Fact]
    public async Task Signup_sends_partner_added_and_quality_changes_send_quality_updates()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        await sim.Receiver.WaitForAsync(_ => sim.Receiver.ChangesOf("account_update").Count == 1);
        var partner = sim.Receiver.ChangesOf("account_update")[0]["value"]!;
        Assert.Equal("PARTNER_ADDED", partner["event"]!.GetValue<string>());
        Assert.Equal(c.WabaId, partner["waba_info"]!["waba_id"]!.GetValue<string>());

        await sim.ControlPostAsync($"/phone-numbers/{c.PhoneId}/quality", new { messagingLimit = "TIER_2K", qualityRating = "YELLOW" });
        await sim.Receiver.WaitForAsync(_ => sim.Receiver.ChangesOf("phone_number_quality_update").Count == 1);
        var quality = sim.Receiver.ChangesOf("phone_number_quality_update")[0]["value"]!;
        Assert.Equal("TIER_2K", quality["current_limit"]!.GetValue<string>());
        Assert.Equal("TIER_250", quality["old_limit"]!.GetValue<string>());
        Assert.Equal("YELLOW", (await sim.GetAsync($"{c.PhoneId}?fields=quality_rating", c.Token)).Body["quality_rating"]!.GetValue<string>());

        await sim.ControlPostAsync($"/wabas/{c.WabaId}/account-update", new { @event = "ACCOUNT_VIOLATION", value = new { violation_info = new { violation_type = "SPAM" } } }, System.Net.HttpStatusCode.Accepted);
        await sim.Receiver.WaitForAsync(_ => sim.Receiver.ChangesOf("account_update").Count == 2);
        Assert.Equal("SPAM", sim.Receiver.ChangesOf("account_update")[1]["value"]!["violation_info"]!["violation_type"]!.GetValue<string>());
    }
}
