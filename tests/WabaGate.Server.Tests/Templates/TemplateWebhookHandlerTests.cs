using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Graph.Webhooks;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Templates;
using WabaGate.Server.Features.Webhooks;
using WabaGate.Server.Tests.Webhooks;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Templates;

/// <summary>The template webhook handler applied directly, as the webhook processor calls it for each change.</summary>
public sealed class TemplateWebhookHandlerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Status_quality_and_category_changes_are_applied_idempotently_and_announced(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var org = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "waba-tpl-1", ["pn-tpl-1"]);
        var templateId = await gateway.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(org.OrgId);
            var template = new Template
            {
                OrgId = org.OrgId, ConnectionId = connectionId, MetaId = "777001", Name = "abandoned_cart", Language = "en",
                Category = "UTILITY", Status = "PENDING", Components = """[{"type":"BODY","text":"Hi"}]""",
            };
            sp.GetRequiredService<AppDbContext>().Add(template);
            await sp.GetRequiredService<AppDbContext>().SaveChangesAsync(Ct);
            return template.Id;
        });
        using var listen = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        listen.CancelAfter(TimeSpan.FromSeconds(20));
        await using var subscription = gateway.Services.GetRequiredService<ILiveEvents>().SubscribeAsync(org.OrgId, null, listen.Token).GetAsyncEnumerator(listen.Token);
        var next = subscription.MoveNextAsync(); // subscribes now; completes with the first event

        const string rejected = """{"event":"REJECTED","message_template_id":777001,"message_template_name":"abandoned_cart","message_template_language":"en","reason":"INVALID_FORMAT","message_template_category":"MARKETING","rejection_info":{"reason":"Parameters placed next to each other","recommendation":"Separate them"}}""";
        Assert.Equal("status REJECTED", await ApplyAsync(gateway, org.OrgId, connectionId, "message_template_status_update", rejected));
        Assert.Equal("no change", await ApplyAsync(gateway, org.OrgId, connectionId, "message_template_status_update", rejected));
        var template = await LoadAsync(gateway, org.OrgId, templateId);
        Assert.Equal("REJECTED", template.Status);
        Assert.Equal("INVALID_FORMAT: Parameters placed next to each other", template.RejectedReason);
        Assert.Equal("UTILITY", template.Category);

        Assert.Equal("status APPROVED", await ApplyAsync(gateway, org.OrgId, connectionId, "message_template_status_update",
            """{"event":"APPROVED","message_template_id":777001,"message_template_name":"abandoned_cart","message_template_language":"en","reason":"NONE"}"""));
        Assert.Equal("quality RED", await ApplyAsync(gateway, org.OrgId, connectionId, "message_template_quality_update",
            """{"previous_quality_score":"GREEN","new_quality_score":"RED","message_template_id":777001,"message_template_name":"abandoned_cart","message_template_language":"en"}"""));
        Assert.Equal("no change", await ApplyAsync(gateway, org.OrgId, connectionId, "template_category_update",
            """{"message_template_id":777001,"message_template_name":"abandoned_cart","message_template_language":"en","new_category":"UTILITY","correct_category":"MARKETING","category_update_timestamp":1751247548}"""));
        Assert.Equal("category MARKETING", await ApplyAsync(gateway, org.OrgId, connectionId, "template_category_update",
            """{"message_template_id":777001,"message_template_name":"abandoned_cart","message_template_language":"en","previous_category":"UTILITY","new_category":"MARKETING"}"""));

        template = await LoadAsync(gateway, org.OrgId, templateId);
        Assert.Equal(("APPROVED", null, "RED", "MARKETING"), (template.Status, template.RejectedReason, template.QualityScore, template.Category));

        // Each change was announced (the repeated rejection was not); every template webhook also queued a coalesced sync.
        var events = new List<LiveEvent>();
        for (var i = 0; i < 4; i++)
        {
            Assert.True(await next);
            events.Add(subscription.Current);
            next = subscription.MoveNextAsync();
        }

        Assert.All(events, e => Assert.Equal(LiveEventTypes.TemplateUpdated, e.Type));
        Assert.Equal(["REJECTED", "APPROVED", "APPROVED", "APPROVED"], events.Select(e => e.Data.GetProperty("status").GetString()));
        Assert.Equal("RED", events[2].Data.GetProperty("qualityScore").GetString());
        Assert.Equal("MARKETING", events[3].Data.GetProperty("category").GetString());
        var syncs = await JobsAsync(gateway, org.OrgId);
        Assert.NotEmpty(syncs);
        Assert.All(syncs, j => Assert.Contains(connectionId.ToString(), j.Payload, StringComparison.Ordinal));

        // Nothing else was announced: the pending read ends only by cancellation.
        Assert.False(next.IsCompleted);
        await listen.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await next);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_webhook_about_an_unknown_template_queues_a_sync(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        var org = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "waba-tpl-2", ["pn-tpl-2"]);

        var note = await ApplyAsync(gateway, org.OrgId, connectionId, "message_template_status_update",
            """{"event":"APPROVED","message_template_id":123456,"message_template_name":"made_elsewhere","message_template_language":"en","reason":"NONE"}""");

        Assert.Equal("unknown template; sync queued", note);
        var job = Assert.Single(await JobsAsync(gateway, org.OrgId));
        Assert.Contains(connectionId.ToString(), job.Payload, StringComparison.Ordinal);
        Assert.InRange(job.RunAt - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(-1), TimeSpan.FromSeconds(6));
    }

    private static async Task<string?> ApplyAsync(GatewayFactory gateway, Guid orgId, Guid connectionId, string field, string value)
    {
        var body = $$"""{"object":"whatsapp_business_account","entry":[{"id":"waba","time":1751247548,"changes":[{"field":"{{field}}","value":{{value}}}]}]}""";
        Assert.True(WebhookParser.TryParse(Encoding.UTF8.GetBytes(body), out var delivery, out var error), error);
        var change = delivery.Entries[0].Changes[0];
        Assert.True(change.IsKnown, change.ParseError);
        return await gateway.InScopeAsync(sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(orgId);
            var handler = sp.GetServices<IWebhookFieldHandler>().Single(h => h.Fields.Contains(field));
            return handler.ApplyAsync(new WebhookFieldContext(orgId, connectionId, "waba", change, Guid.CreateVersion7()), Ct);
        });
    }

    private static Task<Template> LoadAsync(GatewayFactory gateway, Guid orgId, Guid id) => gateway.InScopeAsync(sp =>
    {
        sp.GetRequiredService<TenantContext>().Set(orgId);
        return sp.GetRequiredService<AppDbContext>().Set<Template>().AsNoTracking().SingleAsync(t => t.Id == id, Ct);
    });

    private static Task<List<Job>> JobsAsync(GatewayFactory gateway, Guid orgId) => gateway.InScopeAsync(sp =>
    {
        sp.GetRequiredService<TenantContext>().Set(orgId);
        return sp.GetRequiredService<AppDbContext>().Set<Job>().AsNoTracking().Where(j => j.Kind == TemplateSyncJobs.JobKind).ToListAsync(Ct);
    });
}
