using System.Net;
using System.Text.Json.Nodes;
using WabaGate.Simulator.Tests.Infrastructure;

namespace WabaGate.Simulator.Tests;

public sealed class TemplateTests
{
    private const string OrderTemplate = """
        {"name":"order_update","language":"en_US","category":"UTILITY","components":[
          {"type":"HEADER","format":"TEXT","text":"Order {{1}}"},
          {"type":"BODY","text":"Hi {{1}}, your order {{2}} ships today.","example":{"body_text":[["Ana","A-1"]]}},
          {"type":"BUTTONS","buttons":[{"type":"URL","text":"Track","url":"https://example.com/t/{{1}}"},{"type":"QUICK_REPLY","text":"Stop"}]}]}
        """;

    private static string Send(string bodyParams) => $$$"""
        {"messaging_product":"whatsapp","to":"5511999990000","type":"template","template":{"name":"order_update","language":{"code":"en_US"},"components":[
          {"type":"header","parameters":[{"type":"text","text":"A-1"}]},
          {"type":"body","parameters":[{{{bodyParams}}}]},
          {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"A-1"}]}]}}
        """;

    [Fact]
    public async Task Unknown_or_pending_template_is_132001_count_mismatch_132000_approved_is_sent()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        var twoParams = """{"type":"text","text":"Ana"},{"type":"text","text":"A-1"}""";

        var (unknownStatus, unknown) = await sim.PostAsync($"{c.PhoneId}/messages", c.Token, Send(twoParams));
        Assert.Equal(HttpStatusCode.NotFound, unknownStatus);
        MetaAssert.Error(unknown, 132001);

        var (_, created) = await sim.PostAsync($"{c.WabaId}/message_templates", c.Token, OrderTemplate);
        Assert.Equal("PENDING", created["status"]!.GetValue<string>());
        Assert.Equal("UTILITY", created["category"]!.GetValue<string>());
        var templateId = created["id"]!.GetValue<string>();
        MetaAssert.Error((await sim.PostAsync($"{c.PhoneId}/messages", c.Token, Send(twoParams))).Body, 132001);

        await sim.ControlPostAsync($"/templates/{templateId}/review", new { status = "APPROVED" });
        MetaAssert.Error((await sim.PostAsync($"{c.PhoneId}/messages", c.Token, Send("""{"type":"text","text":"Ana"}"""))).Body, 132000);

        // templates need no open window
        var (status, body) = await sim.PostAsync($"{c.PhoneId}/messages", c.Token, Send(twoParams));
        Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        Assert.Equal("accepted", body["messages"]![0]!["message_status"]!.GetValue<string>());

        var wamid = body["messages"]![0]!["id"]!.GetValue<string>();
        await sim.Receiver.WaitForAsync(_ => MessagingTests.StatusesOf(sim, wamid).Count == 3);
        var pricing = MessagingTests.StatusesOf(sim, wamid)[0]["pricing"]!;
        Assert.True(pricing["billable"]!.GetValue<bool>());
        Assert.Equal("regular", pricing["type"]!.GetValue<string>());
        Assert.Equal("utility", pricing["category"]!.GetValue<string>());

        await sim.ControlPostAsync($"/templates/{templateId}/review", new { status = "PAUSED" });
        MetaAssert.Error((await sim.PostAsync($"{c.PhoneId}/messages", c.Token, Send(twoParams))).Body, 132015);
    }

    [Fact]
    public async Task Template_list_pages_with_cursors_over_several_pages()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        for (var i = 0; i < 12; i++)
        {
            var (status, body) = await sim.PostAsync($"{c.WabaId}/message_templates", c.Token,
                $$"""{"name":"tpl_{{i:D2}}","language":"pt_BR","category":"MARKETING","components":[{"type":"BODY","text":"Oferta {{i}}"}]}""");
            Assert.True(status == HttpStatusCode.OK, body.ToJsonString());
        }

        var names = new List<string>();
        var pages = 0;
        var url = sim.Graph($"{c.WabaId}/message_templates");
        while (url is not null)
        {
            var (_, page) = await sim.SendAsync(new HttpRequestMessage(HttpMethod.Get, url), c.Token);
            pages++;
            names.AddRange(page["data"]!.AsArray().Select(t => t!["name"]!.GetValue<string>()));
            Assert.NotNull(page["paging"]!["cursors"]!["before"]);
            Assert.NotNull(page["paging"]!["cursors"]!["after"]);
            url = page["paging"]!["next"]?.GetValue<string>();
        }

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"tpl_{i:D2}"), names);

        var (_, limited) = await sim.GetAsync($"{c.WabaId}/message_templates?limit=10", c.Token);
        Assert.Equal(10, limited["data"]!.AsArray().Count);
        var after = limited["paging"]!["cursors"]!["after"]!.GetValue<string>();
        var (_, rest) = await sim.GetAsync($"{c.WabaId}/message_templates?limit=10&after={after}", c.Token);
        Assert.Equal(2, rest["data"]!.AsArray().Count);
        Assert.Null(rest["paging"]!["next"]);
        Assert.NotNull(rest["paging"]!["previous"]);
    }

    [Fact]
    public async Task Template_create_validates_and_delete_removes()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        MetaAssert.Error((await sim.PostAsync($"{c.WabaId}/message_templates", c.Token, """{"name":"Bad Name","language":"en","category":"UTILITY","components":[{"type":"BODY","text":"x"}]}""")).Body, 100);
        Assert.Equal(HttpStatusCode.OK, (await sim.PostAsync($"{c.WabaId}/message_templates", c.Token, OrderTemplate)).Status);
        MetaAssert.Error((await sim.PostAsync($"{c.WabaId}/message_templates", c.Token, OrderTemplate)).Body, 100, 2388024);
        var (_, filtered) = await sim.GetAsync($"{c.WabaId}/message_templates?status=PENDING&name=order_update", c.Token);
        Assert.Single(filtered["data"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await sim.DeleteAsync($"{c.WabaId}/message_templates?name=order_update", c.Token)).Status);
        Assert.Empty((await sim.GetAsync($"{c.WabaId}/message_templates", c.Token)).Body["data"]!.AsArray());
    }

    [Fact]
    public async Task Review_sends_a_template_status_webhook()
    {
        await using var sim = await TestSim.StartAsync();
        var c = await sim.ConnectAsync();
        var (_, created) = await sim.PostAsync($"{c.WabaId}/message_templates", c.Token, OrderTemplate);
        var id = created["id"]!.GetValue<string>();
        await sim.ControlPostAsync($"/templates/{id}/review", new { status = "REJECTED", reason = "PROMOTIONAL" });

        await sim.Receiver.WaitForAsync(_ => sim.Receiver.ChangesOf("message_template_status_update").Count == 1);
        var delivery = sim.Receiver.Received.Single(d => d.Changes.Any(ch => ch["field"]!.GetValue<string>() == "message_template_status_update"));
        Assert.True(delivery.SignatureValid);
        var entry = delivery.Json["entry"]![0]!;
        Assert.Equal(c.WabaId, entry["id"]!.GetValue<string>());
        Assert.True(entry["time"]!.GetValue<long>() > 0);
        var value = sim.Receiver.ChangesOf("message_template_status_update")[0]["value"]!;
        Assert.Equal("REJECTED", value["event"]!.GetValue<string>());
        Assert.Equal(long.Parse(id, System.Globalization.CultureInfo.InvariantCulture), value["message_template_id"]!.GetValue<long>());
        Assert.Equal("order_update", value["message_template_name"]!.GetValue<string>());
        Assert.Equal("en_US", value["message_template_language"]!.GetValue<string>());
        Assert.Equal("PROMOTIONAL", value["reason"]!.GetValue<string>());
        var (_, node) = await sim.GetAsync($"{id}?fields=status", c.Token);
        Assert.Equal("REJECTED", node["status"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonValue.Create(id), node["id"]));
    }
}
