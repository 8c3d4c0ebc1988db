using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading.Channels;

namespace WabaGate.Server.Features.Inbox;

/// <summary>The event names of <c>GET /api/v1/events/stream</c>.</summary>
public static class LiveEventTypes
{
    public const string MessageReceived = "message.received";
    public const string MessageStatus = "message.status";
    public const string ConnectionUpdated = "connection.updated";
    public const string TemplateUpdated = "template.updated";
}

/// <summary>One live update for an organization; <see cref="Data"/> is the API's JSON for the changed resource.</summary>
public sealed record LiveEvent(Guid OrgId, string Type, JsonElement Data);

/// <summary>
/// Live updates for the inbox and the SSE stream. Publish after the change is committed; subscribers that fall
/// behind lose their oldest events (bounded memory) — clients re-read the API after reconnecting.
/// </summary>
public interface ILiveEvents
{
    ValueTask PublishAsync(Guid orgId, string type, object data, CancellationToken cancellationToken = default);

    IAsyncEnumerable<LiveEvent> SubscribeAsync(Guid orgId, CancellationToken cancellationToken);
}

/// <summary>Fan-out inside this process: one bounded channel per subscriber.</summary>
internal sealed class InProcessLiveEvents : ILiveEvents
{
    private const int SubscriberCapacity = 256;
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Channel<LiveEvent>, byte>> subscribers = new();

    public ValueTask PublishAsync(Guid orgId, string type, object data, CancellationToken cancellationToken = default)
    {
        Deliver(new LiveEvent(orgId, type, JsonSerializer.SerializeToElement(data, data.GetType(), JsonSerializerOptions.Web)));
        return ValueTask.CompletedTask;
    }

    /// <summary>Hands an event to this process's subscribers of its organization.</summary>
    internal void Deliver(LiveEvent liveEvent)
    {
        if (subscribers.TryGetValue(liveEvent.OrgId, out var channels))
        {
            foreach (var channel in channels.Keys)
            {
                channel.Writer.TryWrite(liveEvent);
            }
        }
    }

    public async IAsyncEnumerable<LiveEvent> SubscribeAsync(Guid orgId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(SubscriberCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var channels = subscribers.GetOrAdd(orgId, _ => new ConcurrentDictionary<Channel<LiveEvent>, byte>());
        channels.TryAdd(channel, 0);
        try
        {
            await foreach (var liveEvent in channel.Reader.ReadAllAsync(cancellationToken))
            {
                yield return liveEvent;
            }
        }
        finally
        {
            channels.TryRemove(channel, out _);
        }
    }
}
