using System.Text.Json;
using WabaGate.Server.Features.Templates;

namespace WabaGate.Server.Tests.Templates;

/// <summary>The local mirror of Meta's template rules and the parameter fitter shared by preview and send.</summary>
public sealed class TemplateRulesTests
{
    private static SubmitTemplateRequest Request(string components, string name = "order_update", string category = "UTILITY", string? format = null)
        => new(Guid.NewGuid(), name, "en_US", category, JsonDocument.Parse(components).RootElement, format, null);

    [Fact]
    public void A_template_following_the_rules_has_no_errors()
    {
        var errors = TemplateValidator.Validate(Request("""
            [{"type":"HEADER","format":"TEXT","text":"Order {{1}}","example":{"header_text":["#1"]}},
             {"type":"BODY","text":"Hi {{1}}, order {{2}} shipped.","example":{"body_text":[["Ana","#1"]]}},
             {"type":"FOOTER","text":"Thanks"},
             {"type":"BUTTONS","buttons":[{"type":"URL","text":"Track","url":"https://x.example/t/{{1}}","example":["https://x.example/t/1"]},
                                          {"type":"PHONE_NUMBER","text":"Call","phone_number":"+15550001111"},
                                          {"type":"COPY_CODE","example":"SAVE20"}]}]
            """));

        Assert.Empty(errors);
    }

    [Fact]
    public void Named_templates_need_lowercase_names_and_an_example_per_name()
    {
        var ok = TemplateValidator.Validate(Request("""
            [{"type":"BODY","text":"Hi {{first_name}}, code {{code}} works.","example":{"body_text_named_params":[{"param_name":"first_name","example":"Ana"},{"param_name":"code","example":"X"}]}}]
            """, format: "named"));
        Assert.Empty(ok);

        var missing = TemplateValidator.Validate(Request("""
            [{"type":"BODY","text":"Hi {{first_name}}, code {{Code}} works.","example":{"body_text_named_params":[{"param_name":"first_name","example":"Ana"}]}}]
            """, format: "named"));
        Assert.Contains("missing: Code", missing["components[0].example.body_text_named_params"][0], StringComparison.Ordinal);
        Assert.Contains("'{{Code}}' does not", missing["components[0].text"][0], StringComparison.Ordinal);

        var positionalNames = TemplateValidator.Validate(Request("""[{"type":"BODY","text":"Hi {{name}} there"}]"""));
        Assert.Contains("set parameterFormat to named", positionalNames["components[0].text"][0], StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""[{"type":"BODY","text":"Hi {{1}}{{2}} there","example":{"body_text":[["a","b"]]}}]""", "components[0].text", "next to each other")]
    [InlineData("""[{"type":"BODY","text":"Hi {{2}} there","example":{"body_text":[["a"]]}}]""", "components[0].text", "without gaps")]
    [InlineData("""[{"type":"BODY","text":"Hi {{1}} and {{2}} there","example":{"body_text":[["a"]]}}]""", "components[0].example.body_text", "one non-empty example per variable (2)")]
    [InlineData("""[{"type":"HEADER","format":"TEXT","text":"{{1}} and {{2}}"},{"type":"BODY","text":"x"}]""", "components[0].text", "at most one variable")]
    [InlineData("""[{"type":"HEADER","format":"IMAGE"},{"type":"BODY","text":"x"}]""", "components[0].example.header_handle", "header_handle")]
    [InlineData("""[{"type":"FOOTER","text":"Reply {{1}}"},{"type":"BODY","text":"x"}]""", "components[0].text", "cannot have variables")]
    [InlineData("""[{"type":"BODY","text":"x"},{"type":"BODY","text":"y"}]""", "components[1].type", "at most one BODY")]
    [InlineData("""[{"type":"FOOTER","text":"x"}]""", "components", "needs a BODY")]
    [InlineData("""[{"type":"BODY","text":"x"},{"type":"BUTTONS","buttons":[{"type":"URL","text":"Go","url":"https://x.example/{{1}}/y"}]}]""", "components[1].buttons[0].url", "at the end")]
    [InlineData("""[{"type":"BODY","text":"x"},{"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"This label is far too long to fit"}]}]""", "components[1].buttons[0].text", "25")]
    [InlineData("""[{"type":"BODY","text":"x"},{"type":"BUTTONS","buttons":[{"type":"OTP","otp_type":"COPY_CODE"}]}]""", "components[1].buttons[0].type", "AUTHENTICATION")]
    public void Obvious_rejections_are_reported_on_their_field(string components, string field, string message)
    {
        var errors = TemplateValidator.Validate(Request(components));

        Assert.True(errors.TryGetValue(field, out var messages), $"no error on {field}: {string.Join("; ", errors.Select(e => e.Key + ": " + string.Join(" ", e.Value)))}");
        Assert.Contains(messages, m => m.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void Body_and_header_lengths_follow_metas_limits()
    {
        var body = new string('a', 1025);
        var errors = TemplateValidator.Validate(Request($$"""[{"type":"HEADER","format":"TEXT","text":"{{new string('h', 61)}}"},{"type":"BODY","text":"{{body}}"}]"""));
        Assert.Contains("1025 characters", errors["components[1].text"][0], StringComparison.Ordinal);
        Assert.Contains("60", errors["components[0].text"][0], StringComparison.Ordinal);
        Assert.Empty(TemplateValidator.Validate(Request($$"""[{"type":"BODY","text":"{{new string('a', 1024)}}"}]""")));
        Assert.Contains("name", TemplateValidator.Validate(Request("""[{"type":"BODY","text":"x"}]""", name: new string('a', 513))).Keys);
    }

    [Fact]
    public void Named_body_parameters_fit_by_name_in_any_order()
    {
        var shape = TemplateShape.Parse("promo", "pt_BR", "NAMED", """[{"type":"BODY","text":"Oi {{first_name}}, use {{code}}."}]""");

        var fit = TemplateFitter.Fit(shape, JsonDocument.Parse("""{"body": {"code": "SAVE20", "first_name": "Ana"}}""").RootElement);

        Assert.Null(fit.Error);
        Assert.Equal("Oi Ana, use SAVE20.", fit.Preview!.Body);
        var parameters = Assert.Single(fit.Content!.Components!).Parameters!;
        Assert.Equal(["first_name", "code"], parameters.Select(p => p.ParameterName));

        var wrong = TemplateFitter.Fit(shape, JsonDocument.Parse("""{"body": {"first_name": "Ana", "coupon": "X"}}""").RootElement);
        Assert.Contains("missing: code; unknown: coupon", wrong.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void A_media_header_takes_a_wabagate_media_id_or_a_link()
    {
        var shape = TemplateShape.Parse("doc", "en", null, """[{"type":"HEADER","format":"DOCUMENT"},{"type":"BODY","text":"Your invoice."}]""");
        var mediaId = Guid.NewGuid().ToString();

        var byId = TemplateFitter.Fit(shape, JsonDocument.Parse($$"""{"header": [{"mediaId": "{{mediaId}}", "filename": "invoice.pdf"}]}""").RootElement);
        var header = Assert.Single(byId.Content!.Components!).Parameters![0];
        Assert.Equal("document", header.Type);
        Assert.Equal(mediaId, header.Document!.Id);
        Assert.Equal("invoice.pdf", header.Document.Filename);

        var byLink = TemplateFitter.Fit(shape, JsonDocument.Parse("""{"header": "https://files.example/i.pdf"}""").RootElement);
        Assert.Equal("https://files.example/i.pdf", byLink.Content!.Components![0].Parameters![0].Document!.Link);

        Assert.Contains("give exactly one header parameter", TemplateFitter.Fit(shape, null).Error, StringComparison.Ordinal);
        Assert.Contains("a image was given", TemplateFitter.Fit(shape, JsonDocument.Parse("""{"header": {"type": "image", "link": "https://x.example/a.png"}}""").RootElement).Error, StringComparison.Ordinal);
        Assert.Contains("WabaGate media id", TemplateFitter.Fit(shape, JsonDocument.Parse("""{"header": {"mediaId": "12345"}}""").RootElement).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Buttons_take_url_suffixes_and_copy_codes_in_order_and_quick_reply_payloads_by_index()
    {
        var shape = TemplateShape.Parse("b", "en", null, """
            [{"type":"BODY","text":"Hello there."},
             {"type":"BUTTONS","buttons":[{"type":"QUICK_REPLY","text":"Stop"},{"type":"URL","text":"Go","url":"https://x.example/{{1}}"},{"type":"COPY_CODE","text":"Copy"}]}]
            """);

        var fit = TemplateFitter.Fit(shape, JsonDocument.Parse("""{"buttons": ["abc", "SAVE20", {"index": 0, "payload": "STOP"}]}""").RootElement);

        Assert.Null(fit.Error);
        var buttons = fit.Content!.Components!.ToList();
        Assert.Equal([("quick_reply", "0"), ("url", "1"), ("copy_code", "2")], buttons.Select(b => (b.SubType!, b.Index!)));
        Assert.Equal("STOP", buttons[0].Parameters![0].Payload);
        Assert.Equal("abc", buttons[1].Parameters![0].Text);
        Assert.Equal("SAVE20", buttons[2].Parameters![0].CouponCode);
        Assert.Equal("https://x.example/abc", fit.Preview!.Buttons[1].Url);

        Assert.Contains("take 2 parameter(s); 3 given", TemplateFitter.Fit(shape, JsonDocument.Parse("""{"buttons": ["a", "b", "c"]}""").RootElement).Error, StringComparison.Ordinal);
        Assert.Contains("COPY_CODE button at index 2 needs a parameter", TemplateFitter.Fit(shape, JsonDocument.Parse("""{"buttons": ["a"]}""").RootElement).Error, StringComparison.Ordinal);
        Assert.Contains("no button at index 7", TemplateFitter.Fit(shape, JsonDocument.Parse("""{"buttons": [{"index": 7, "text": "x"}]}""").RootElement).Error, StringComparison.Ordinal);
        Assert.Contains("unknown member 'bdy'", TemplateFitter.Fit(shape, JsonDocument.Parse("""{"bdy": []}""").RootElement).Error, StringComparison.Ordinal);
        Assert.Contains("must not be empty", TemplateFitter.Fit(shape, JsonDocument.Parse("""{"buttons": ["", "x"]}""").RootElement).Error, StringComparison.Ordinal);
    }
}
