using System.Text.Json;
using WabaGate.Graph.Templates;

namespace WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;

/// <summary>Template definitions used against the simulator, written like Meta's examples (§6.2).</summary>
public static class TemplateSamples
{
    /// <summary>Positional: image header, three body parameters, a URL button with a suffix and a quick reply.</summary>
    public static CreateTemplateRequest OrderUpdate(string name = "order_update") => new()
    {
        Name = name,
        Language = "en_US",
        Category = "UTILITY",
        Components =
        [
            new TemplateComponentDefinition { Type = "HEADER", Format = "IMAGE", Example = Json("""{"header_handle":["4::aW1hZ2UvanBlZw==:ARb"]}""") },
            new TemplateComponentDefinition { Type = "BODY", Text = "Hi {{1}}! You paid {{2}} on {{3}}.", Example = Json("""{"body_text":[["Jessica","$100.99","Feb 25"]]}""") },
            new TemplateComponentDefinition { Type = "FOOTER", Text = "Lucky Shrub" },
            new TemplateComponentDefinition
            {
                Type = "BUTTONS",
                Buttons =
                [
                    new TemplateButtonDefinition { Type = "URL", Text = "Track", Url = "https://example.com/t/{{1}}", Example = Json("""["https://example.com/t/123"]""") },
                    new TemplateButtonDefinition { Type = "QUICK_REPLY", Text = "Stop promos" },
                ],
            },
        ],
    };

    /// <summary>Named parameters: <c>{{first_name}}</c> and <c>{{order_number}}</c>.</summary>
    public static CreateTemplateRequest Named(string name = "order_confirmation") => new()
    {
        Name = name,
        Language = "en_US",
        Category = "MARKETING",
        ParameterFormat = "named",
        Components =
        [
            new TemplateComponentDefinition
            {
                Type = "BODY",
                Text = "Thank you, {{first_name}}! Your order number is {{order_number}}.",
                Example = Json("""{"body_text_named_params":[{"param_name":"first_name","example":"Pablo"},{"param_name":"order_number","example":"860198-230332"}]}"""),
            },
        ],
    };

    /// <summary>A body-only template with one positional parameter.</summary>
    public static CreateTemplateRequest Simple(string name) => new()
    {
        Name = name,
        Language = "en",
        Category = "UTILITY",
        Components = [new TemplateComponentDefinition { Type = "BODY", Text = "Hello {{1}}", Example = Json("""{"body_text":[["Ana"]]}""") }],
    };

    private static JsonElement Json(string json) => JsonDocument.Parse(json).RootElement.Clone();
}
