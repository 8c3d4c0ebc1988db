using WabaGate.Graph.Errors;
using WabaGate.Graph.Messages;
using WabaGate.Graph.Templates;
using WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;
using static WabaGate.Graph.Tests.AgainstSimulator.Infrastructure.LiveMeta;

namespace WabaGate.Graph.Tests.AgainstSimulator;

public sealed class TemplateTests
{
    private const string To = "16505551234";

    [Fact]
    public async Task Create_pending_review_list_and_delete()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();

        var created = await meta.Client.CreateTemplateAsync(c.WabaId, TemplateSamples.OrderUpdate(), c.Token, Ct);
        Assert.Equal("PENDING", created.Status);
        Assert.Equal("UTILITY", created.Category);

        await meta.ReviewTemplateAsync(created.Id, "APPROVED");
        var listed = Assert.Single(await meta.Client.GetAllTemplatesAsync(c.WabaId, c.Token, ct: Ct).ToListAsync(Ct));
        Assert.Equal(created.Id, listed.Id);
        Assert.Equal("APPROVED", listed.Status);
        Assert.Equal("POSITIONAL", listed.ParameterFormat);
        Assert.Equal(["HEADER", "BODY", "FOOTER", "BUTTONS"], listed.Components.Select(x => x.Type));
        Assert.Equal("https://example.com/t/{{1}}", listed.Components[3].Buttons![0].Url);

        await meta.ReviewTemplateAsync(created.Id, "REJECTED");
        Assert.Equal("REJECTED", Assert.Single(await meta.Client.GetAllTemplatesAsync(c.WabaId, c.Token, ct: Ct).ToListAsync(Ct)).Status);

        await meta.Client.DeleteTemplateAsync(c.WabaId, "order_update", c.Token, created.Id, Ct);
        Assert.Empty(await meta.Client.GetAllTemplatesAsync(c.WabaId, c.Token, ct: Ct).ToListAsync(Ct));
    }

    [Fact]
    public async Task Listing_walks_every_page()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        var pageSize = meta.Host.Options.TemplatePageSize;
        var names = Enumerable.Range(0, (2 * pageSize) + 1).Select(i => $"promo_{i}").ToList();
        foreach (var name in names)
        {
            await meta.Client.CreateTemplateAsync(c.WabaId, TemplateSamples.Simple(name), c.Token, Ct);
        }

        var all = await meta.Client.GetAllTemplatesAsync(c.WabaId, c.Token, ct: Ct).ToListAsync(Ct);

        Assert.Equal(names, all.Select(t => t.Name));
        Assert.Equal(3, meta.Attempts.Count(HttpMethod.Get, "/message_templates"));
        var firstPage = await meta.Client.GetTemplatesPageAsync(c.WabaId, c.Token, ct: Ct);
        Assert.Equal(pageSize, firstPage.Data.Count);
        Assert.NotNull(firstPage.NextCursor);
        var filtered = await meta.Client.GetAllTemplatesAsync(c.WabaId, c.Token, new TemplateQuery { Name = "promo_10", Limit = 2 }, Ct).ToListAsync(Ct);
        Assert.Equal("promo_10", Assert.Single(filtered).Name);
    }

    [Fact]
    public async Task A_duplicate_name_and_language_is_refused()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        await meta.Client.CreateTemplateAsync(c.WabaId, TemplateSamples.Simple("dup"), c.Token, Ct);

        var ex = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.CreateTemplateAsync(c.WabaId, TemplateSamples.Simple("dup"), c.Token, Ct));

        Assert.Equal(100, ex.Code);
        Assert.Equal(GraphErrorClass.Permanent, ex.ErrorClass);
        Assert.NotNull(ex.UserTitle);
        Assert.Equal(2, meta.Attempts.Count(HttpMethod.Post, "/message_templates"));
    }

    [Fact]
    public async Task Positional_template_with_header_body_and_button_parameters_is_sent_outside_the_window()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        var created = await meta.Client.CreateTemplateAsync(c.WabaId, TemplateSamples.OrderUpdate(), c.Token, Ct);
        await meta.ReviewTemplateAsync(created.Id, "APPROVED");

        var response = await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateTemplate(To, TemplateContent.Create("order_update", "en_US",
                TemplateComponent.Header(TemplateParameter.FromImage(MediaContent.FromLink("https://example.com/banner.jpg"))),
                TemplateComponent.Body(
                    TemplateParameter.FromText("Jessica"),
                    TemplateParameter.FromCurrency("$100.99", "USD", 100990),
                    TemplateParameter.FromDateTime("February 25, 1977")),
                TemplateComponent.Button("url", 0, TemplateParameter.FromText("ORDER-123")),
                TemplateComponent.Button("quick_reply", 1, TemplateParameter.FromPayload("STOP_PROMOS")))),
            """
            "template":{"name":"order_update","language":{"code":"en_US"},"components":[
              {"type":"header","parameters":[{"type":"image","image":{"link":"https://example.com/banner.jpg"}}]},
              {"type":"body","parameters":[
                {"type":"text","text":"Jessica"},
                {"type":"currency","currency":{"fallback_value":"$100.99","code":"USD","amount_1000":100990}},
                {"type":"date_time","date_time":{"fallback_value":"February 25, 1977"}}]},
              {"type":"button","sub_type":"url","index":"0","parameters":[{"type":"text","text":"ORDER-123"}]},
              {"type":"button","sub_type":"quick_reply","index":"1","parameters":[{"type":"payload","payload":"STOP_PROMOS"}]}]}
            """);
        Assert.Equal("accepted", response.Messages[0].MessageStatus);
    }

    [Fact]
    public async Task Named_template_parameters_are_sent_with_their_names()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        var created = await meta.Client.CreateTemplateAsync(c.WabaId, TemplateSamples.Named(), c.Token, Ct);
        await meta.ReviewTemplateAsync(created.Id, "APPROVED");

        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateTemplate(To, TemplateContent.Create("order_confirmation", "en_US",
                TemplateComponent.Body(TemplateParameter.FromText("860198-230332", "order_number"), TemplateParameter.FromText("Pablo", "first_name")))),
            """
            "template":{"name":"order_confirmation","language":{"code":"en_US"},"components":[
              {"type":"body","parameters":[{"type":"text","parameter_name":"order_number","text":"860198-230332"},{"type":"text","parameter_name":"first_name","text":"Pablo"}]}]}
            """);
        var wrongName = await Assert.ThrowsAsync<GraphApiException>(() => meta.Client.SendMessageAsync(c.PhoneId, SendMessageRequest.CreateTemplate(To,
            TemplateContent.Create("order_confirmation", "en_US", TemplateComponent.Body(TemplateParameter.FromText("x", "nickname"), TemplateParameter.FromText("y", "first_name")))), c.Token, Ct));
        Assert.Equal(GraphErrorCodes.TemplateParameterCountMismatch, wrongName.Code);
    }

    [Fact]
    public async Task Text_and_location_headers_and_copy_code_buttons_are_sent()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        var coupon = await meta.Client.CreateTemplateAsync(c.WabaId, new CreateTemplateRequest
        {
            Name = "coupon",
            Language = "en",
            Category = "MARKETING",
            Components =
            [
                new TemplateComponentDefinition { Type = "HEADER", Format = "TEXT", Text = "Hi {{1}}" },
                new TemplateComponentDefinition { Type = "BODY", Text = "Use the code below." },
                new TemplateComponentDefinition { Type = "BUTTONS", Buttons = [new TemplateButtonDefinition { Type = "COPY_CODE", Text = "Copy" }] },
            ],
        }, c.Token, Ct);
        var store = await meta.Client.CreateTemplateAsync(c.WabaId, new CreateTemplateRequest
        {
            Name = "store_location",
            Language = "en",
            Category = "UTILITY",
            Components = [new TemplateComponentDefinition { Type = "HEADER", Format = "LOCATION" }, new TemplateComponentDefinition { Type = "BODY", Text = "We moved!" }],
        }, c.Token, Ct);
        await meta.ReviewTemplateAsync(coupon.Id, "APPROVED");
        await meta.ReviewTemplateAsync(store.Id, "APPROVED");

        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateTemplate(To, TemplateContent.Create("coupon", "en",
                TemplateComponent.Header(TemplateParameter.FromText("Ana")),
                TemplateComponent.Button("copy_code", 0, TemplateParameter.FromCouponCode("SAVE20")))),
            """
            "template":{"name":"coupon","language":{"code":"en"},"components":[
              {"type":"header","parameters":[{"type":"text","text":"Ana"}]},
              {"type":"button","sub_type":"copy_code","index":"0","parameters":[{"type":"coupon_code","coupon_code":"SAVE20"}]}]}
            """);
        await SendAssert.AcceptedAsync(meta, c, SendMessageRequest.CreateTemplate(To, TemplateContent.Create("store_location", "en",
                TemplateComponent.Header(TemplateParameter.FromLocation(new LocationContent(37.48, -122.15, "Lucky Shrub", "1 Hacker Way"))))),
            """
            "template":{"name":"store_location","language":{"code":"en"},"components":[
              {"type":"header","parameters":[{"type":"location","location":{"latitude":"37.48","longitude":"-122.15","name":"Lucky Shrub","address":"1 Hacker Way"}}]}]}
            """);
        var missingCode = await SendTemplateAsync(meta, c, TemplateContent.Create("coupon", "en", TemplateComponent.Header(TemplateParameter.FromText("Ana"))));
        Assert.Equal(GraphErrorCodes.TemplateParameterCountMismatch, missingCode.Code);
    }

    [Fact]
    public async Task Unknown_pending_and_mismatched_templates_fail_permanently()
    {
        await using var meta = await LiveMeta.StartAsync();
        var c = await meta.ConnectAsync();
        var created = await meta.Client.CreateTemplateAsync(c.WabaId, TemplateSamples.Simple("hello_param"), c.Token, Ct);

        var pending = await SendTemplateAsync(meta, c, TemplateContent.Create("hello_param", "en", TemplateComponent.Body(TemplateParameter.FromText("Ana"))));
        Assert.Equal(GraphErrorCodes.TemplateNotFound, pending.Code);

        await meta.ReviewTemplateAsync(created.Id, "APPROVED");
        var unknown = await SendTemplateAsync(meta, c, TemplateContent.Create("no_such_template", "en"));
        var wrongLanguage = await SendTemplateAsync(meta, c, TemplateContent.Create("hello_param", "pt_BR", TemplateComponent.Body(TemplateParameter.FromText("Ana"))));
        var mismatch = await SendTemplateAsync(meta, c, TemplateContent.Create("hello_param", "en", TemplateComponent.Body(TemplateParameter.FromText("Ana"), TemplateParameter.FromText("extra"))));

        Assert.Equal(GraphErrorCodes.TemplateNotFound, unknown.Code);
        Assert.Equal(404, unknown.StatusCode);
        Assert.Equal(GraphErrorCodes.TemplateNotFound, wrongLanguage.Code);
        Assert.Equal(GraphErrorCodes.TemplateParameterCountMismatch, mismatch.Code);
        Assert.All([pending, unknown, wrongLanguage, mismatch], e => Assert.Equal(GraphErrorClass.Permanent, e.ErrorClass));
        Assert.Empty(await meta.OutboxAsync(c.PhoneId));

        await meta.ReviewTemplateAsync(created.Id, "PAUSED");
        Assert.Equal(GraphErrorCodes.TemplatePaused, (await SendTemplateAsync(meta, c, TemplateContent.Create("hello_param", "en", TemplateComponent.Body(TemplateParameter.FromText("Ana"))))).Code);
    }

    private static Task<GraphApiException> SendTemplateAsync(LiveMeta meta, LiveConnection c, TemplateContent template) =>
        Assert.ThrowsAsync<GraphApiException>(() => meta.Client.SendMessageAsync(c.PhoneId, SendMessageRequest.CreateTemplate(To, template), c.Token, Ct));
}
