using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Messaging;

/// <summary>
/// A send reads its number and connection, approval policy and template from <see cref="ReferenceCache"/>. A cached
/// value must never outlive a committed change: a disabled connection, a paused template or a stricter approval
/// policy applies to the very next send on this node, and on another node as soon as PostgreSQL's notification
/// arrives — not when the entry's time-to-live runs out.
/// </summary>
public sealed class ReferenceCacheTests
{
    private const string Customer = "5511977770001";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Changes_made_on_this_node_apply_to_the_next_send(DatabaseProvider provider)
    {
        await using var h = await SendingHarness.StartAsync(provider);
        await h.OpenWindowAsync(Customer);
        var template = await h.ApprovedTemplateAsync();

        // Both sends succeed and leave the number, the policy and the template in the cache.
        Assert.Equal("queued", (await h.AcceptedAsync(Templated(h, template))).GetProperty("status").GetString());
        Assert.Equal("queued", (await h.AcceptedAsync(Text(h))).GetProperty("status").GetString());

        // A tracked change (SaveChanges) of the template.
        await h.InOrgAsync(async sp =>
        {
            var db = sp.GetRequiredService<AppDbContext>();
            (await db.Set<Template>().SingleAsync(t => t.Name == template, Ct)).Status = "PAUSED";
            return await db.SaveChangesAsync(Ct);
        });
        await AssertRefusedAsync(h, Templated(h, template), HttpStatusCode.UnprocessableEntity, "template_not_approved");

        // A stricter policy through the API.
        (await h.Org.Client.PutAsJsonAsync("/api/v1/approval-policy", new { policy = "all_outbound" }, Ct)).EnsureSuccessStatusCode();
        Assert.Equal("pending_approval", (await h.AcceptedAsync(Text(h))).GetProperty("status").GetString());

        // A bulk update (no tracked entity) of the connection.
        await h.InOrgAsync(sp => sp.GetRequiredService<AppDbContext>().Set<Connection>()
            .Where(c => c.Id == h.ConnectionId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Enabled, false), Ct));
        await AssertRefusedAsync(h, Text(h), HttpStatusCode.Conflict, "connection_not_active");
    }

    [Fact]
    public async Task Changes_made_on_another_node_apply_here_once_postgres_announces_them()
    {
        await using var h = await SendingHarness.StartAsync(DatabaseProvider.Postgres);
        await h.OpenWindowAsync(Customer);
        var template = await h.ApprovedTemplateAsync();
        Assert.Equal("queued", (await h.AcceptedAsync(Templated(h, template))).GetProperty("status").GetString());
        Assert.Equal("queued", (await h.AcceptedAsync(Text(h))).GetProperty("status").GetString());

        // A second node on the same database changes the policy (through its API) and pauses the template.
        await using var other = await GatewayFactory.CreateAsync(DatabaseProvider.Postgres, new Dictionary<string, string?>(h.Gateway.Settings));
        using var otherApi = other.CreateClient();
        otherApi.DefaultRequestHeaders.Authorization = h.Org.Client.DefaultRequestHeaders.Authorization;
        (await otherApi.PutAsJsonAsync("/api/v1/approval-policy", new { policy = "all_outbound" }, Ct)).EnsureSuccessStatusCode();
        await other.InScopeAsync(async sp =>
        {
            sp.GetRequiredService<TenantContext>().Set(h.Org.OrgId);
            var db = sp.GetRequiredService<AppDbContext>();
            (await db.Set<Template>().SingleAsync(t => t.Name == template, Ct)).Status = "PAUSED";
            return await db.SaveChangesAsync(Ct);
        });

        // This node follows well before its entries would have expired (the notification, not the time-to-live).
        var clock = Stopwatch.StartNew();
        while ((await h.SendAsync(Templated(h, template))).Response.StatusCode != HttpStatusCode.UnprocessableEntity)
        {
            Assert.True(clock.Elapsed < ReferenceCache.TimeToLive / 2, "this node still sends a template another node paused");
            await Task.Delay(50, Ct);
        }

        Assert.Equal("pending_approval", (await h.AcceptedAsync(Text(h))).GetProperty("status").GetString());
    }

    private static object Text(SendingHarness h) => new { from = h.PhoneNumberId, to = Customer, type = "text", text = new { body = "hi" } };

    private static object Templated(SendingHarness h, string template)
        => new { from = h.PhoneNumberId, to = Customer, type = "template", template = new { name = template, language = "en_US", parameters = new { body = new[] { "Ana", "1" } } } };

    private static async Task AssertRefusedAsync(SendingHarness h, object body, HttpStatusCode status, string code)
    {
        var (response, problem) = await h.SendAsync(body);
        Assert.True(response.StatusCode == status, $"expected {(int)status} {code}, got {(int)response.StatusCode}: {problem}");
        Assert.Equal(code, problem.GetProperty("code").GetString());
    }
}
