using System.Net;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Tests.Tenancy;
using WabaGate.TestKit;
using static WabaGate.Server.Tests.Webhooks.ProcessingKit;

namespace WabaGate.Server.Tests.Webhooks;

/// <summary>The inspector and inbox pages: deliveries with state and error; payload and replay for Owner/Admin only; unknown numbers replay once connected.</summary>
public sealed class WebhookInspectorPageTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Owners_see_payloads_and_replay_a_delivery_for_a_number_connected_later_agents_see_only_the_list(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "970001", ["870001"]);

        // A number of the WABA that is not connected yet: kept, visible, its change skipped.
        await gateway.PostAsync(Delivery("970001", Messages("870009", [Message("wamid.later", "text", new JsonObject { ["body"] = "chegou cedo" })])), ct);
        var delivery = Assert.Single(await gateway.SettledAsync(org.OrgId, 1, ct));
        Assert.Contains("skipped", delivery.Outcome, StringComparison.Ordinal);
        Assert.NotNull(delivery.Error);

        var (ownerEmail, ownerPassword) = await gateway.CreateMemberAsync(org.OrgId, OrgRole.Owner);
        using var owner = gateway.Browser();
        await WebSession.LoginAsync(owner, ownerEmail, ownerPassword);
        var list = await owner.GetStringAsync("/webhook-events?state=processed", ct);
        Assert.Contains("data-testid=\"deliveries\"", list, StringComparison.Ordinal);
        Assert.Contains("messages", list, StringComparison.Ordinal);
        Assert.Contains(WebUtility.HtmlEncode(delivery.Error!), list, StringComparison.Ordinal);
        var detail = await owner.GetStringAsync($"/webhook-events?id={delivery.Id}", ct);
        Assert.Contains("chegou cedo", WebUtility.HtmlDecode(detail), StringComparison.Ordinal);

        // Connect the number, then replay from the page: the message is stored now.
        await gateway.InOrgAsync(org.OrgId, async db =>
        {
            db.Add(new PhoneNumber { OrgId = org.OrgId, ConnectionId = connectionId, PhoneNumberId = "870009", CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow });
            return await db.SaveChangesAsync(ct);
        });
        using var replay = await WebSession.PostFormAsync(owner, $"/webhook-events?handler=Replay&id={delivery.Id}", new Dictionary<string, string>(), $"/webhook-events?id={delivery.Id}");
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        await gateway.WaitForAsync(org.OrgId, d => d.Id == delivery.Id && d.State == WebhookDeliveryState.Processed && d.Attempts == 2, ct);
        Assert.Equal("wamid.later", (await gateway.InOrgAsync(org.OrgId, db => db.Set<Message>().SingleAsync(ct))).Wamid);

        // The inbox page shows the conversation and the stored message, and the navigation links both pages.
        var inbox = WebUtility.HtmlDecode(await owner.GetStringAsync("/inbox", ct));
        Assert.Contains("Ana", inbox, StringComparison.Ordinal);
        Assert.Contains("chegou cedo", inbox, StringComparison.Ordinal);
        Assert.Contains("href=\"/webhook-events\"", inbox, StringComparison.Ordinal);

        var (agentEmail, agentPassword) = await gateway.CreateMemberAsync(org.OrgId, OrgRole.Agent);
        using var agent = gateway.Browser();
        await WebSession.LoginAsync(agent, agentEmail, agentPassword);
        var agentDetail = await agent.GetStringAsync($"/webhook-events?id={delivery.Id}", ct);
        Assert.Contains("data-testid=\"delivery-detail\"", agentDetail, StringComparison.Ordinal);
        Assert.DoesNotContain("chegou cedo", WebUtility.HtmlDecode(agentDetail), StringComparison.Ordinal);
        Assert.DoesNotContain("data-testid=\"replay\"", agentDetail, StringComparison.Ordinal);
    }
}
