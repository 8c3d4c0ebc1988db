using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Webhooks;
using WabaGate.TestKit;
using static WabaGate.Server.Tests.Webhooks.ProcessingKit;

namespace WabaGate.Server.Tests.Webhooks;

/// <summary>
/// Deliveries waiting together are processed as one batch in one commit. A batch that fails halfway keeps nothing —
/// not its messages, not its live events — and each of its deliveries is then processed alone: no duplicates, no gaps.
/// </summary>
public sealed class WebhookProcessingBatchTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task A_crash_in_the_middle_of_a_batch_keeps_nothing_of_it_and_each_delivery_is_then_processed_alone(DatabaseProvider provider)
    {
        var ct = TestContext.Current.CancellationToken;
        var settings = GatewaySettings.Production();
        settings["Jobs:Concurrency"] = "1";
        await using var gateway = await GatewayFactory.CreateAsync(provider, settings);
        var observer = new HoldFirstThenCrash(crashAtCall: 4);
        gateway.ConfigureServices = services => services.AddSingleton<IWebhookProcessingObserver>(observer);
        var org = await gateway.CreateOrganizationAsync();
        await gateway.AddConnectionAsync(org.OrgId, "960001", ["860001"]);
        var events = new ConcurrentBag<string>();
        using var subscription = new CancellationTokenSource();
        var listening = ListenAsync(gateway, org.OrgId, events, subscription.Token);

        // The first delivery (processed alone, its change committed) holds the only worker until all the others are
        // stored, so they wait for it together.
        const int Deliveries = 8;
        for (var n = 0; n < Deliveries; n++)
        {
            await gateway.PostAsync(Delivery("960001", Messages("860001", [Message($"wamid.batch.{n}", "text", new JsonObject { ["body"] = $"m{n}" }, 1732230000 + n)])), ct);
            if (n == 0)
            {
                await observer.Holding.WaitAsync(TimeSpan.FromSeconds(30), ct);
            }
        }

        observer.Release();
        var deliveries = await gateway.SettledAsync(org.OrgId, Deliveries, ct);
        Assert.All(deliveries, d => Assert.Equal(WebhookDeliveryState.Processed, d.State));
        Assert.True(observer.Crashed);

        // The batch got past its second delivery before it crashed, and those deliveries were processed again alone.
        var calls = observer.Calls;
        Assert.True(calls.Count > Deliveries, $"Only {calls.Count} changes were applied: no batch was rolled back and run again.");
        Assert.Contains(calls.Take(4).Skip(1), id => calls.Skip(4).Contains(id));

        var (messages, conversation) = await gateway.InOrgAsync(org.OrgId, async db => (await db.Set<Message>().CountAsync(), await db.Set<Conversation>().SingleAsync()));
        Assert.Equal(Deliveries, messages);
        Assert.Equal(Deliveries, conversation.UnreadCount);

        // One live event per message: nothing was published for the batch that was rolled back.
        await WaitUntilAsync(() => events.Count(e => e == LiveEventTypes.MessageReceived) >= Deliveries, ct);
        await Task.Delay(200, ct);
        await subscription.CancelAsync();
        await listening;
        Assert.Equal(Deliveries, events.Count(e => e == LiveEventTypes.MessageReceived));
    }

    private static async Task ListenAsync(GatewayFactory gateway, Guid orgId, ConcurrentBag<string> events, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var liveEvent in gateway.Services.GetRequiredService<ILiveEvents>().SubscribeAsync(orgId, null, cancellationToken))
            {
                events.Add(liveEvent.Type);
            }
        }
        catch (OperationCanceledException)
        {
            // Done listening.
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50, ct);
        }
    }

    /// <summary>Holds the first change until released, then throws once at the given call: a worker dying mid-batch.</summary>
    private sealed class HoldFirstThenCrash(int crashAtCall) : IWebhookProcessingObserver
    {
        private readonly TaskCompletionSource release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource holding = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly List<Guid> calls = [];
        private int crashed;

        public bool Crashed => crashed == 1;

        public List<Guid> Calls
        {
            get
            {
                lock (calls)
                {
                    return [.. calls];
                }
            }
        }

        /// <summary>Completes when the first change is being held.</summary>
        public Task Holding => holding.Task;

        public void Release() => release.TrySetResult();

        public async ValueTask ChangeDoneAsync(Guid deliveryId, int changesDone, CancellationToken cancellationToken)
        {
            int call;
            lock (calls)
            {
                calls.Add(deliveryId);
                call = calls.Count;
            }

            if (call == 1)
            {
                holding.TrySetResult();
                await release.Task.WaitAsync(cancellationToken);
            }

            if (call == crashAtCall && Interlocked.Exchange(ref crashed, 1) == 0)
            {
                throw new InvalidOperationException("Simulated worker crash.");
            }
        }
    }
}
