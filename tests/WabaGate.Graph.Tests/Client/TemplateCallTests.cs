using System.Text.Json;
using WabaGate.Graph.Templates;
using WabaGate.Graph.Tests.Infrastructure;

namespace WabaGate.Graph.Tests.Client;

public sealed class TemplateCallTests
{
    private const string Waba = "102290129340398";
    private const string Token = "EAA-token";

    private static StubResponse Page(int n, string after, bool last)
    {
        var next = last ? "" : $",\"next\":\"https://graph.facebook.com/v24.0/{Waba}/message_templates?limit=2&after={after}\"";
        return new(200, $$$"""
            {"data":[{"name":"t{{{n}}}a","parameter_format":"POSITIONAL","components":[{"type":"BODY","text":"Hi {{1}}!","example":{"body_text":[["Pablo"]]}}],
                      "language":"en_US","status":"APPROVED","category":"UTILITY","id":"{{{n}}}01"},
                     {"name":"t{{{n}}}b","components":[],"language":"pt_BR","status":"PENDING","category":"MARKETING","id":"{{{n}}}02"}],
             "paging":{"cursors":{"before":"B{{{n}}}","after":"{{{after}}}"}{{{next}}}}}
            """);
    }

    [Fact]
    public async Task Enumerator_walks_every_page_by_cursor()
    {
        await using var stub = await MetaStub.StartAsync(r => (r.Query.GetValueOrDefault("after")) switch
        {
            null => Page(1, "C1", last: false),
            "C1" => Page(2, "C2", last: false),
            "C2" => Page(3, "C3", last: true),
            _ => new StubResponse(400, """{"error":{"code":100,"message":"bad cursor"}}"""),
        });

        var names = new List<string>();
        await foreach (var t in stub.CreateClient().GetAllTemplatesAsync(Waba, Token, new TemplateQuery { Limit = 2, Status = "APPROVED" }, TestContext.Current.CancellationToken))
        {
            names.Add(t.Name);
        }

        Assert.Equal(["t1a", "t1b", "t2a", "t2b", "t3a", "t3b"], names);
        var requests = stub.Requests.ToArray();
        Assert.Equal(3, requests.Length);
        Assert.All(requests, r => Assert.Equal($"{MetaStub.Prefix}/v24.0/{Waba}/message_templates", r.Path));
        Assert.All(requests, r => Assert.Equal("2", r.Query["limit"]));
        Assert.All(requests, r => Assert.Equal("APPROVED", r.Query["status"]));
        Assert.Equal([null, "C1", "C2"], requests.Select(r => r.Query.GetValueOrDefault("after")));
    }

    [Fact]
    public async Task Template_fields_are_parsed()
    {
        await using var stub = await MetaStub.StartAsync(_ => Page(1, "C1", last: true));

        var page = await stub.CreateClient().GetTemplatesPageAsync(Waba, Token, ct: TestContext.Current.CancellationToken);

        var t = page.Data[0];
        Assert.Equal("101", t.Id);
        Assert.Equal("POSITIONAL", t.ParameterFormat);
        Assert.Equal("BODY", t.Components[0].Type);
        Assert.Equal("Pablo", t.Components[0].Example!.Value.GetProperty("body_text")[0][0].GetString());
        Assert.Null(page.NextCursor);
    }

    [Fact]
    public async Task Create_posts_the_definition()
    {
        await using var stub = await MetaStub.StartAsync("""{"id":"594425479261596","status":"PENDING","category":"UTILITY"}""");
        var request = new CreateTemplateRequest
        {
            Name = "order_confirmation",
            Language = "en_US",
            Category = "UTILITY",
            ParameterFormat = "named",
            Components =
            [
                new TemplateComponentDefinition
                {
                    Type = "BODY",
                    Text = "Thank you, {{first_name}}!",
                    Example = JsonDocument.Parse("""{"body_text_named_params":[{"param_name":"first_name","example":"Pablo"}]}""").RootElement,
                },
                new TemplateComponentDefinition { Type = "FOOTER", Text = "Lucky Shrub" },
                new TemplateComponentDefinition
                {
                    Type = "BUTTONS",
                    Buttons =
                    [
                        new TemplateButtonDefinition { Type = "QUICK_REPLY", Text = "Stop promos" },
                        new TemplateButtonDefinition { Type = "URL", Text = "Track", Url = "https://example.com/t/{{1}}", Example = JsonDocument.Parse("""["https://example.com/t/123"]""").RootElement },
                        new TemplateButtonDefinition { Type = "PHONE_NUMBER", Text = "Call us", PhoneNumber = "+15550783881" },
                    ],
                },
            ],
        };

        var created = await stub.CreateClient().CreateTemplateAsync(Waba, request, Token, TestContext.Current.CancellationToken);

        var r = stub.OnlyRequest();
        Assert.Equal("POST", r.Method);
        Assert.Equal($"{MetaStub.Prefix}/v24.0/{Waba}/message_templates", r.Path);
        JsonAssert.Equal("""
            {"name":"order_confirmation","language":"en_US","category":"UTILITY","parameter_format":"named","components":[
              {"type":"BODY","text":"Thank you, {{first_name}}!","example":{"body_text_named_params":[{"param_name":"first_name","example":"Pablo"}]}},
              {"type":"FOOTER","text":"Lucky Shrub"},
              {"type":"BUTTONS","buttons":[
                {"type":"QUICK_REPLY","text":"Stop promos"},
                {"type":"URL","text":"Track","url":"https://example.com/t/{{1}}","example":["https://example.com/t/123"]},
                {"type":"PHONE_NUMBER","text":"Call us","phone_number":"+15550783881"}]}]}
            """, r.Json);
        Assert.Equal(new CreateTemplateResponse("594425479261596", "PENDING", "UTILITY"), created);
    }

    [Fact]
    public async Task Delete_by_name_or_by_id()
    {
        await using var stub = await MetaStub.StartAsync("""{"success":true}""");
        var client = stub.CreateClient();
        var ct = TestContext.Current.CancellationToken;

        await client.DeleteTemplateAsync(Waba, "order_confirmation", Token, ct: ct);
        await client.DeleteTemplateAsync(Waba, "order_confirmation", Token, "1259544702043867", ct);

        var r = stub.Requests.ToArray();
        Assert.All(r, x => Assert.Equal("DELETE", x.Method));
        Assert.Equal("?name=order_confirmation", r[0].QueryString);
        Assert.Equal("1259544702043867", r[1].Query["hsm_id"]);
        Assert.Equal("order_confirmation", r[1].Query["name"]);
    }
}
