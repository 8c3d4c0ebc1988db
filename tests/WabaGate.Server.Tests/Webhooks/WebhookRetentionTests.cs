using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Webhooks;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Webhooks;

/// <summary>Processed deliveries lose their body, then their row, with age; nothing that still needs attention is touched.</summary>
public sealed class WebhookRetentionTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Old_processed_deliveries_lose_their_payload_then_their_row_across_organizations_and_nothing_else_is_purged(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var a = await gateway.CreateOrganizationAsync();
        var b = await gateway.CreateOrganizationAsync();
        var now = DateTimeOffset.UtcNow;

        // Defaults: bodies kept 30 days, rows 90 days.
        var recent = await AddAsync(gateway, a.OrgId, now.AddDays(-1), WebhookDeliveryState.Processed);
        var monthOldA = await AddAsync(gateway, a.OrgId, now.AddDays(-40), WebhookDeliveryState.Processed);
        var monthOldB = await AddAsync(gateway, b.OrgId, now.AddDays(-40), WebhookDeliveryState.Processed);
        var ancient = await AddAsync(gateway, b.OrgId, now.AddDays(-100), WebhookDeliveryState.Processed);
        var oldFailed = await AddAsync(gateway, a.OrgId, now.AddDays(-100), WebhookDeliveryState.Failed);
        var oldDead = await AddAsync(gateway, a.OrgId, now.AddDays(-100), WebhookDeliveryState.Dead);
        var oldPending = await AddAsync(gateway, b.OrgId, now.AddDays(-100), WebhookDeliveryState.Pending);
        var oldUnroutable = await AddAsync(gateway, null, now.AddDays(-100), WebhookDeliveryState.Unroutable);

        var (payloads, rows) = await gateway.Services.GetRequiredService<WebhookRetention>().RunOnceAsync(ct);
        Assert.Equal((3, 1), (payloads, rows)); // the ancient one is stripped first, then deleted

        var all = (await gateway.DeliveriesAsync(a.OrgId)).Concat(await gateway.DeliveriesAsync(b.OrgId)).Concat(await gateway.DeliveriesAsync(null))
            .ToDictionary(d => d.Id);
        Assert.DoesNotContain(ancient, all.Keys);
        Assert.Null(all[monthOldA].PayloadCipher);
        Assert.Null(all[monthOldB].PayloadCipher);
        Assert.Equal(WebhookDeliveryState.Processed, all[monthOldA].State);
        Assert.NotEmpty(all[monthOldA].BodySha256);
        foreach (var kept in new[] { recent, oldFailed, oldDead, oldPending, oldUnroutable })
        {
            Assert.NotNull(all[kept].PayloadCipher);
        }

        // A second run finds nothing more to do.
        Assert.Equal((0, 0), await gateway.Services.GetRequiredService<WebhookRetention>().RunOnceAsync(ct));

        // The inspector says why a stripped delivery cannot be replayed, and leaves it as it was.
        using var replay = await a.Client.PostAsync($"/api/v1/webhook-events/{monthOldA}/replay", null, ct);
        Assert.Equal(HttpStatusCode.Conflict, replay.StatusCode);
        var problem = await replay.Content.ReadFromJsonAsync<JsonElement>(ct);
        Assert.Equal(WebhookEventsApi.PayloadPurged, problem.GetProperty("code").GetString());
        Assert.Equal(WebhookDeliveryState.Processed, (await gateway.DeliveriesAsync(a.OrgId)).Single(d => d.Id == monthOldA).State);
    }

    [Fact]
    public void The_boundary_sorts_below_every_id_of_its_millisecond_and_above_every_earlier_one()
    {
        var at = DateTimeOffset.UtcNow;
        var boundary = WebhookRetention.Boundary(at);
        for (var i = 0; i < 100; i++)
        {
            Assert.True(string.CompareOrdinal(Text(boundary), Text(Guid.CreateVersion7(at))) <= 0);
            Assert.True(string.CompareOrdinal(Text(Guid.CreateVersion7(at.AddMilliseconds(-1))), Text(boundary)) < 0);
        }
    }

    private static string Text(Guid id) => id.ToString("D").ToUpperInvariant();

    private static Task<Guid> AddAsync(GatewayFactory gateway, Guid? orgId, DateTimeOffset receivedAt, WebhookDeliveryState state)
        => gateway.InScopeAsync(async sp =>
        {
            if (orgId is { } id)
            {
                sp.GetRequiredService<TenantContext>().Set(id);
            }

            var delivery = new WebhookDelivery
            {
                Id = Guid.CreateVersion7(receivedAt),
                OrgId = orgId,
                ReceivedAt = receivedAt,
                Source = WebhookSource.App,
                Fields = "messages",
                State = state,
                PayloadCipher = [1, 2, 3],
                BodySha256 = Guid.NewGuid().ToByteArray(),
            };
            var db = sp.GetRequiredService<AppDbContext>();
            db.Add(delivery);
            await db.SaveChangesAsync();
            return delivery.Id;
        });
}
