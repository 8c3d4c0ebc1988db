using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>Approval routing: policies per organization and connection, the queue, approve and reject (Owner/Admin, audit-logged).</summary>
public sealed class ApprovalTests
{
    private const string Customer = "5511988883001";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Held_messages_wait_for_an_admin_and_rejected_ones_never_reach_Meta(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        await h.OpenWindowAsync(Customer);
        var api = h.Org.Client;
        using (var set = await api.PutAsJsonAsync("/api/v1/approval-policy", new { policy = "all_outbound" }, Ct))
        {
            Assert.Equal(HttpStatusCode.OK, set.StatusCode);
        }

        var keep = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "Promo: 20% off" } });
        var drop = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "Wrong price" } });
        Assert.Equal("pending_approval", keep.GetProperty("status").GetString());
        Assert.Equal("pending_approval", drop.GetProperty("status").GetString());

        var queue = await api.GetFromJsonAsync<JsonElement>("/api/v1/approvals", Ct);
        var items = queue.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(2, items.Count);
        var waiting = items.Single(i => i.GetProperty("message").GetProperty("id").GetString() == drop.GetProperty("id").GetString());
        Assert.StartsWith("api_key:", waiting.GetProperty("requestedBy").GetString(), StringComparison.Ordinal);
        Assert.Equal("api", waiting.GetProperty("origin").GetString());
        Assert.Equal("Wrong price", waiting.GetProperty("message").GetProperty("content").GetProperty("body").GetString());

        // Agents cannot decide.
        var agentKey = await h.InOrgAsync(async sp => (await sp.GetRequiredService<OrganizationService>().CreateApiKeyAsync("agent", OrgRole.Agent, null, CancellationToken.None)).Secret);
        using var agent = h.Gateway.CreateClient();
        agent.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", agentKey);
        using (var forbidden = await agent.PostAsJsonAsync($"/api/v1/messages/{keep.GetProperty("id").GetString()}/approve", new { }, Ct))
        {
            Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        }

        using (var rejected = await api.PostAsJsonAsync($"/api/v1/messages/{drop.GetProperty("id").GetString()}/reject", new { reason = "Price is wrong" }, Ct))
        {
            var body = await rejected.Content.ReadFromJsonAsync<JsonElement>(Ct);
            Assert.Equal("rejected", body.GetProperty("status").GetString());
            Assert.Contains("Price is wrong", body.GetProperty("error").GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        using (var approved = await api.PostAsJsonAsync($"/api/v1/messages/{keep.GetProperty("id").GetString()}/approve", new { reason = "ok" }, Ct))
        {
            Assert.Equal("queued", (await approved.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("status").GetString());
        }

        using (var twice = await api.PostAsJsonAsync($"/api/v1/messages/{drop.GetProperty("id").GetString()}/approve", new { }, Ct))
        {
            Assert.Equal(HttpStatusCode.Conflict, twice.StatusCode);
            Assert.Equal("message_not_pending_approval", (await twice.Content.ReadFromJsonAsync<JsonElement>(Ct)).GetProperty("code").GetString());
        }

        var sent = await h.WaitForStatusAsync(keep.GetProperty("id").GetString()!, "sent");
        var outbox = h.Outbox();
        Assert.Single(outbox);
        Assert.Equal(sent.GetProperty("wamid").GetString(), outbox[0].Wamid);
        Assert.Equal("rejected", (await h.MessageAsync(drop.GetProperty("id").GetString()!)).GetProperty("status").GetString());
        Assert.Empty((await api.GetFromJsonAsync<JsonElement>("/api/v1/approvals", Ct)).GetProperty("items").EnumerateArray());

        var audit = await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<AuditLogEntry>().AsNoTracking().OrderBy(a => a.Id).ToListAsync());
        Assert.Contains(audit, a => a.Action == "message.reject" && a.Target == $"message:{drop.GetProperty("id").GetString()}" && a.Reason == "Price is wrong" && a.Actor.StartsWith("api_key:", StringComparison.Ordinal));
        Assert.Contains(audit, a => a.Action == "message.approve" && a.Target == $"message:{keep.GetProperty("id").GetString()}");
        Assert.Contains(audit, a => a.Action == "approval_policy.set");
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_connection_policy_overrides_the_organization_policy(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        await h.OpenWindowAsync(Customer);
        var template = await h.ApprovedTemplateAsync();
        var api = h.Org.Client;
        (await api.PutAsJsonAsync("/api/v1/approval-policy", new { policy = "all_outbound" }, Ct)).EnsureSuccessStatusCode();
        (await api.PutAsJsonAsync($"/api/v1/connections/{h.ConnectionId}/approval-policy", new { policy = "templates_only" }, Ct)).EnsureSuccessStatusCode();

        var text = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "hi" } });
        var templated = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "template", template = new { name = template, language = "en_US", parameters = new { body = new[] { "Ana", "1" } } } });
        Assert.Equal("queued", text.GetProperty("status").GetString());
        Assert.Equal("pending_approval", templated.GetProperty("status").GetString());

        (await api.PutAsJsonAsync($"/api/v1/connections/{h.ConnectionId}/approval-policy", new { policy = (string?)null }, Ct)).EnsureSuccessStatusCode();
        var held = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "again" } });
        Assert.Equal("pending_approval", held.GetProperty("status").GetString());

        (await api.PutAsJsonAsync("/api/v1/approval-policy", new { policy = "api_originated_only" }, Ct)).EnsureSuccessStatusCode();
        var fromApi = await h.AcceptedAsync(new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "api" } });
        Assert.Equal("pending_approval", fromApi.GetProperty("status").GetString());

        using var invalid = await api.PutAsJsonAsync("/api/v1/approval-policy", new { policy = "sometimes" }, Ct);
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        await h.WaitForStatusAsync(text.GetProperty("id").GetString()!, "sent");
        Assert.Single(h.Outbox());
    }
}
