using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using WabaGate.Server.Data;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Features.Templates;
using WabaGate.Server.Tests.Infrastructure;
using WabaGate.Server.Tests.Onboarding;

namespace WabaGate.Server.Tests.Templates;

public sealed class TemplatePreviewTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Preview_renders_every_part_and_a_wrong_parameter_count_is_refused_before_meta(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (connectionId, _, phoneNumberId, _) = await h.ConnectWabaAsync();
        var created = await h.JsonAsync(HttpMethod.Post, "/api/v1/templates", TemplateTestKit.OrderUpdate(connectionId));
        var id = created.GetProperty("id").GetString()!;
        await h.ReviewAsync(created.GetProperty("metaId").GetString()!, "APPROVED");
        await h.WaitForTemplateAsync(id, t => t.GetProperty("status").GetString() == "APPROVED");

        var preview = await h.JsonAsync(HttpMethod.Post, $"/api/v1/templates/{id}/preview", new
        {
            parameters = new { header = new[] { "#42" }, body = new[] { "Ana", "#42" }, buttons = new object[] { "42", new { index = 1, payload = "STOP" } } },
        });
        var rendered = preview.GetProperty("preview");
        Assert.Equal("Order #42", rendered.GetProperty("header").GetString());
        Assert.Equal("Hi Ana, your order #42 has shipped.", rendered.GetProperty("body").GetString());
        Assert.Equal("Lucky Shrub", rendered.GetProperty("footer").GetString());
        Assert.Equal("https://example.com/t/42", rendered.GetProperty("buttons")[0].GetProperty("url").GetString());
        Assert.Equal("STOP", rendered.GetProperty("buttons")[1].GetProperty("value").GetString());
        var template = preview.GetProperty("template");
        Assert.Equal("order_update", template.GetProperty("name").GetString());
        Assert.Equal("en_US", template.GetProperty("language").GetProperty("code").GetString());
        var components = template.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(["header", "body", "button", "button"], components.Select(c => c.GetProperty("type").GetString()));
        Assert.Equal("url", components[2].GetProperty("sub_type").GetString());
        Assert.Equal("0", components[2].GetProperty("index").GetString());

        // One body parameter short: the preview and the send path give the same precise answer, and Meta saw nothing.
        var (wrong, _) = await h.SendAsync(HttpMethod.Post, $"/api/v1/templates/{id}/preview",
            new { parameters = new { header = new[] { "#42" }, body = new[] { "Ana" }, buttons = new[] { "42" } } });
        var problem = await ProblemAssert.IsProblemAsync(wrong, HttpStatusCode.UnprocessableEntity, "template_parameters_mismatch");
        Assert.Contains("body takes 2 parameter(s) ({{1}}, {{2}}); 1 given", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);

        var resolution = await h.InOrgScopeAsync(sp => sp.GetRequiredService<ITemplateCatalog>().ResolveForSendAsync(
            Guid.Parse(connectionId), "order_update", "en_US", JsonDocument.Parse("""{"header": ["#42"], "body": ["Ana"], "buttons": ["42"]}""").RootElement, Ct));
        Assert.False(resolution.IsValid);
        Assert.Equal("template_parameters_mismatch", resolution.ErrorCode);
        Assert.Contains("body takes 2 parameter(s)", resolution.Detail, StringComparison.Ordinal);

        var missingButton = await h.InOrgScopeAsync(sp => sp.GetRequiredService<ITemplateCatalog>().ResolveForSendAsync(
            Guid.Parse(connectionId), "order_update", "en_US", JsonDocument.Parse("""{"header": ["#42"], "body": ["Ana", "#42"]}""").RootElement, Ct));
        Assert.Equal("template_parameters_mismatch", missingButton.ErrorCode);
        Assert.Contains("URL button at index 0 needs a parameter", missingButton.Detail, StringComparison.Ordinal);

        var outbox = await h.Sim.GetFromJsonAsync<JsonElement>($"/sandbox/meta/outbox?phoneNumberId={phoneNumberId}", Ct);
        Assert.Empty(outbox.GetProperty("items").EnumerateArray());
    }
}
