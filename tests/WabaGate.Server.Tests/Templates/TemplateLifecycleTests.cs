using System.Net;
using System.Text.Json;
using WabaGate.Server.Data;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Features.Templates;
using WabaGate.Server.Tests.Infrastructure;
using WabaGate.Server.Tests.Onboarding;

namespace WabaGate.Server.Tests.Templates;

/// <summary>
/// Create → PENDING → simulated review → Meta's status webhook → APPROVED or REJECTED with the reason. The webhook
/// leg runs through the webhook processor's dispatch to <c>IWebhookFieldHandler</c>s.
/// </summary>
public sealed class TemplateLifecycleTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_created_template_is_pending_and_the_review_webhook_approves_it(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (connectionId, wabaId, _, token) = await h.ConnectWabaAsync();

        var (response, body) = await h.SendAsync(HttpMethod.Post, "/api/v1/templates", TemplateTestKit.OrderUpdate(connectionId));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = JsonDocument.Parse(body).RootElement;
        Assert.Equal("PENDING", created.GetProperty("status").GetString());
        Assert.Equal("UTILITY", created.GetProperty("category").GetString());
        var metaId = created.GetProperty("metaId").GetString()!;
        var atMeta = Assert.Single(await h.TemplatesAtMetaAsync(wabaId, token));
        Assert.Equal(metaId, atMeta.GetProperty("id").GetString());
        Assert.Equal("Hi {{1}}, your order {{2}} has shipped.", atMeta.GetProperty("components")[1].GetProperty("text").GetString());

        await h.ReviewAsync(metaId, "APPROVED");
        var approved = await h.WaitForTemplateAsync(created.GetProperty("id").GetString()!, t => t.GetProperty("status").GetString() == "APPROVED");
        Assert.Equal(JsonValueKind.Null, approved.GetProperty("rejectedReason").ValueKind);

        // Now the send path accepts it with the right parameters.
        var resolution = await h.InOrgScopeAsync(sp => sp.GetRequiredService<ITemplateCatalog>().ResolveForSendAsync(
            Guid.Parse(connectionId), "order_update", "en_US",
            JsonDocument.Parse("""{"header": ["#9"], "body": ["Ana", "#9"], "buttons": ["9"]}""").RootElement, Ct));
        Assert.True(resolution.IsValid, resolution.Detail);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_rejection_webhook_marks_the_template_rejected_with_metas_reason(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (connectionId, _, _, _) = await h.ConnectWabaAsync();
        var created = await h.JsonAsync(HttpMethod.Post, "/api/v1/templates", TemplateTestKit.OrderUpdate(connectionId, "flash_sale"));

        await h.ReviewAsync(created.GetProperty("metaId").GetString()!, "REJECTED", "PROMOTIONAL");
        var rejected = await h.WaitForTemplateAsync(created.GetProperty("id").GetString()!, t => t.GetProperty("status").GetString() == "REJECTED");
        Assert.StartsWith("PROMOTIONAL", rejected.GetProperty("rejectedReason").GetString(), StringComparison.Ordinal);

        var resolution = await h.InOrgScopeAsync(sp => sp.GetRequiredService<ITemplateCatalog>().ResolveForSendAsync(
            Guid.Parse(connectionId), "flash_sale", "en_US", null, Ct));
        Assert.Equal("template_not_approved", resolution.ErrorCode);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Local_validation_refuses_obvious_rejections_before_meta_sees_anything(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (connectionId, wabaId, _, token) = await h.ConnectWabaAsync();

        var (response, _) = await h.SendAsync(HttpMethod.Post, "/api/v1/templates", new
        {
            connectionId,
            name = "Order Update",
            language = "english",
            category = "PROMO",
            components = new object[]
            {
                new { type = "BODY", text = "{{1}} your order {{3}} shipped" },
                new { type = "FOOTER", text = "Reply {{1}}" },
            },
        });

        var problem = await ProblemAssert.IsProblemAsync(response, HttpStatusCode.UnprocessableEntity, "template_invalid");
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "name", "language", "category", "components[0].text", "components[0].example.body_text", "components[1].text" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"expected an error for {field}: {errors}");
        }

        var bodyErrors = string.Join(" ", errors.GetProperty("components[0].text").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("without gaps", bodyErrors, StringComparison.Ordinal);
        Assert.Contains("starts or ends with a variable", bodyErrors, StringComparison.Ordinal);
        Assert.Empty(await h.TemplatesAtMetaAsync(wabaId, token));
        Assert.Empty((await h.JsonAsync(HttpMethod.Get, "/api/v1/templates")).GetProperty("items").EnumerateArray());
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Delete_removes_the_template_at_meta_and_locally(DatabaseProvider provider)
    {
        await using var h = await OnboardingHarness.StartAsync(provider);
        var (connectionId, wabaId, _, token) = await h.ConnectWabaAsync();
        var keep = await h.JsonAsync(HttpMethod.Post, "/api/v1/templates", TemplateTestKit.OrderUpdate(connectionId, "keep_me"));
        var drop = await h.JsonAsync(HttpMethod.Post, "/api/v1/templates", TemplateTestKit.OrderUpdate(connectionId, "drop_me"));
        var (duplicate, _) = await h.SendAsync(HttpMethod.Post, "/api/v1/templates", TemplateTestKit.OrderUpdate(connectionId, "drop_me"));
        await ProblemAssert.IsProblemAsync(duplicate, HttpStatusCode.Conflict, "template_exists");

        var (deleted, _) = await h.SendAsync(HttpMethod.Delete, $"/api/v1/templates/{drop.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);

        var atMeta = Assert.Single(await h.TemplatesAtMetaAsync(wabaId, token));
        Assert.Equal(keep.GetProperty("metaId").GetString(), atMeta.GetProperty("id").GetString());
        var local = Assert.Single((await h.JsonAsync(HttpMethod.Get, "/api/v1/templates")).GetProperty("items").EnumerateArray());
        Assert.Equal("keep_me", local.GetProperty("name").GetString());
        var (again, _) = await h.SendAsync(HttpMethod.Delete, $"/api/v1/templates/{drop.GetProperty("id").GetString()}");
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
    }
}
