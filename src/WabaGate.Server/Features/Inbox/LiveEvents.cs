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

    /// <summary>
    /// Sent first on a stream resumed with a <c>Last-Event-ID</c> this node no longer holds: events may have been
    /// missed, so the client should re-read what it shows from the API.
    /// </summary>
    public const string StreamResync = "stream.resync";
}

/// <summary>
/// One live update for an organization; <see cref="Data"/> is the API's JSON for the changed resource. <see cref="Id"/>
/// is given once, by the publishing node, so every node knows the event by the same id (the SSE <c>id:</c>).
/// </summary>
public sealed record LiveEvent(Guid Id, Guid OrgId, string Type, JsonElement Data);

/// <summary>
/// Live updates for the inbox and the SSE stream. Publish after the change is committed. A subscriber that names the
/// last event it saw first gets what it missed (as far as <see cref="LiveEventHistory"/> reaches back, else a
/// <see cref="LiveEventTypes.StreamResync"/>); subscribers that fall behind lose their oldest events (bounded memory).
/// </summary>
public interface ILiveEvents
{
    ValueTask PublishAsync(Guid orgId, string type, object data, CancellationToken cancellationToken = default);

    IAsyncEnumerable<LiveEvent> SubscribeAsync(Guid orgId, Guid? lastEventId, CancellationToken cancellationToken);
}

/// <summary>Fan-out inside this process: one bounded channel per subscriber, and the recent history for resumes.</summary>
internal sealed class InProcessLiveEvents(LiveEventHistory history) : ILiveEvents
{
    private const int SubscriberCapacity = 256;
    private readonly ConcurrentDictionary<Guid, ConcurrentDictionary<Channel<LiveEvent>, byte>> subscribers = new();

    public ValueTask PublishAsync(Guid orgId, string type, object data, CancellationToken cancellationToken = default)
    {
        Deliver(Create(orgId, type, data));
        return ValueTask.CompletedTask;
    }

    /// <summary>A new event with its id.</summary>
    internal static LiveEvent Create(Guid orgId, string type, object data)
        => new(Guid.CreateVersion7(), orgId, type, JsonSerializer.SerializeToElement(data, data.GetType(), JsonSerializerOptions.Web));

    /// <summary>Hands an event to this process's subscribers of its organization.</summary>
    internal void Deliver(LiveEvent liveEvent)
    {
        history.Append(liveEvent);
        if (subscribers.TryGetValue(liveEvent.OrgId, out var channels))
        {
            foreach (var channel in channels.Keys)
            {
                channel.Writer.TryWrite(liveEvent);
            }
        }
    }

    public async IAsyncEnumerable<LiveEvent> SubscribeAsync(Guid orgId, Guid? lastEventId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<LiveEvent>(new BoundedChannelOptions(SubscriberCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        var channels = subscribers.GetOrAdd(orgId, _ => new ConcurrentDictionary<Channel<LiveEvent>, byte>());
        channels.TryAdd(channel, 0);
        try
        {
            // Subscribed before the history is read, so nothing falls between the two; what is in both is sent once.
            var replayed = new HashSet<Guid>();
            if (lastEventId is { } last)
            {
                if (history.After(orgId, last) is { } missed)
                {
                    foreach (var liveEvent in missed)
                    {
                        replayed.Add(liveEvent.Id);
                        yield return liveEvent;
                    }
                }
                else
                {
                    yield return new LiveEvent(Guid.CreateVersion7(), orgId, LiveEventTypes.StreamResync, JsonSerializer.SerializeToElement(
                        new { reason = "Events after the given Last-Event-ID are no longer held; re-read the API." }, JsonSerializerOptions.Web));
                }
            }

            await foreach (var liveEvent in channel.Reader.ReadAllAsync(cancellationToken))
            {
                if (replayed.Count == 0 || !replayed.Remove(liveEvent.Id))
                {
                    yield return liveEvent;
                }
            }
        }
        finally
        {
            channels.TryRemove(channel, out _);
        }
    }
}
