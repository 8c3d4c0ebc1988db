using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Webhooks;
using WabaGate.TestKit;
using static WabaGate.Server.Tests.Webhooks.ProcessingKit;

namespace WabaGate.Server.Tests.Webhooks;

/// <summary>Large batches are processed whole, and a worker that dies halfway leaves neither duplicates nor gaps after the retry.</summary>
public sealed class WebhookBatchTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_worker_crash_in_the_middle_of_a_1000_message_batch_is_retried_without_duplicates_or_gaps(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = GatewaySettings.Production();
        settings["Jobs:BackoffBase"] = "00:00:00.050";
        await using var gateway = await GatewayFactory.CreateAsync(provider, settings);
        var crash = new CrashOnce(afterChanges: 5);
        gateway.ConfigureServices = services => services.AddSingleton<IWebhookProcessingObserver>(crash);
        var org = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "950001", ["850001"]);

        // 10 changes of 100 messages: Meta's maximum of 1,000 updates in one POST. Two senders, so two conversations.
        var changes = Enumerable.Range(0, 10).Select(c => Messages("850001",
            Enumerable.Range(0, 100).Select(i => Message($"wamid.{c:D2}.{i:D3}", "text", new JsonObject { ["body"] = $"m{c}.{i}" }, 1732230000 + (c * 100) + i, from: i % 2 == 0 ? "5511999990000" : "5511888880000")),
            waId: "5511999990000")).ToArray();
        await gateway.PostAsync(Delivery("950001", changes), ct);

        var delivery = Assert.Single(await gateway.SettledAsync(org.OrgId, 1, ct));
        Assert.True(crash.Crashed);
        Assert.Equal(WebhookDeliveryState.Processed, delivery.State);
        Assert.Equal(2, delivery.Attempts);

        var (messages, wamids, conversations) = await gateway.InOrgAsync(org.OrgId, async db => (
            await db.Set<Message>().CountAsync(),
            await db.Set<Message>().Select(m => m.Wamid).Distinct().CountAsync(),
            await db.Set<Conversation>().OrderBy(c => c.UnreadCount).ToListAsync()));
        Assert.Equal(1000, messages);
        Assert.Equal(1000, wamids);
        Assert.Equal([500, 500], conversations.Select(c => c.UnreadCount));
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1732230000 + 999).AddHours(24), conversations.Max(c => c.WindowExpiresAt));
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_batch_of_1000_statuses_is_stored_whole_and_redelivered_statuses_add_nothing(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        var connectionId = await gateway.AddConnectionAsync(org.OrgId, "950002", ["850002"]);
        for (var i = 0; i < 250; i++)
        {
            await gateway.AddOutboundAsync(org.OrgId, connectionId, "850002", $"wamid.o{i:D3}");
        }

        // read before delivered before sent, and one status repeated: 1,000 updates in one change.
        var statuses = Enumerable.Range(0, 250).SelectMany(i => new[]
        {
            Status($"wamid.o{i:D3}", "read", 1732230300), Status($"wamid.o{i:D3}", "delivered", 1732230200),
            Status($"wamid.o{i:D3}", "sent", 1732230100), Status($"wamid.o{i:D3}", "delivered", 1732230200),
        }).ToList();
        await gateway.PostAsync(Delivery("950002", Messages("850002", statuses: statuses)), ct);
        await gateway.PostAsync(Delivery("950002", Messages("850002", statuses: statuses.Take(500))), ct);
        var deliveries = await gateway.SettledAsync(org.OrgId, 2, ct);
        Assert.All(deliveries, d => Assert.Equal(WebhookDeliveryState.Processed, d.State));

        var (events, read, unlinked) = await gateway.InOrgAsync(org.OrgId, async db => (
            await db.Set<MessageStatusEvent>().CountAsync(),
            await db.Set<Message>().CountAsync(m => m.Status == MessageStatus.Read && m.SentAt != null && m.DeliveredAt != null && m.ReadAt != null),
            await db.Set<MessageStatusEvent>().CountAsync(e => e.MessageId == null)));
        Assert.Equal(750, events);
        Assert.Equal(250, read);
        Assert.Equal(0, unlinked);
    }

    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Deliveries_repeating_the_same_messages_processed_side_by_side_store_each_message_once(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var gateway = await GatewayFactory.CreateAsync(provider, GatewaySettings.Production());
        var org = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "950003", ["850003"]);

        // Six deliveries with different bytes (so all are stored) but the same 50 wamids, posted at once: the job
        // workers process them concurrently and the database's unique wamid decides.
        var messages = Enumerable.Range(0, 50).Select(i => Message($"wamid.same.{i:D2}", "text", new JsonObject { ["body"] = $"m{i}" }, 1732230000 + i)).ToList();
        await Task.WhenAll(Enumerable.Range(0, 6).Select(n => gateway.PostAsync(Delivery("950003", Messages("850003", messages, name: $"Ana {n}")), ct)));
        var deliveries = await gateway.SettledAsync(org.OrgId, 6, ct);
        Assert.All(deliveries, d => Assert.Equal(WebhookDeliveryState.Processed, d.State));

        var (count, conversation) = await gateway.InOrgAsync(org.OrgId, async db => (await db.Set<Message>().CountAsync(), await db.Set<Conversation>().SingleAsync()));
        Assert.Equal(50, count);
        Assert.Equal(50, conversation.UnreadCount);
    }

    /// <summary>Throws once, after the given number of changes were applied and committed: a worker dying mid-batch.</summary>
    private sealed class CrashOnce(int afterChanges) : IWebhookProcessingObserver
    {
        private int crashed;

        public bool Crashed => crashed == 1;

        public ValueTask ChangeDoneAsync(Guid deliveryId, int changesDone, CancellationToken cancellationToken)
            => changesDone == afterChanges && Interlocked.Exchange(ref crashed, 1) == 0
                ? throw new InvalidOperationException("Simulated worker crash.")
                : ValueTask.CompletedTask;
    }
}
