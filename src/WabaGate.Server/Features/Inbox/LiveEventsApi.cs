using System.Security.Claims;
using System.Text.Json;
using WabaGate.Server.Features.Tenancy;

namespace WabaGate.Server.Features.Inbox;

/// <summary>
/// <c>GET /api/v1/events/stream</c>: server-sent events for the caller's organization (<c>event:</c>, <c>id:</c>,
/// <c>data:</c> JSON), with a comment line every 15 s so proxies keep the connection open. A reconnecting client
/// sends <c>Last-Event-ID</c> (browsers' EventSource does so by itself) and first gets the events it missed, as far
/// back as this node's <see cref="LiveEventHistory"/> reaches; beyond that it gets <c>stream.resync</c> and should
/// re-read the API (the stream says what changed, the API is the record).
/// </summary>
internal static class LiveEventsApi
{
    public static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(15);

    public static RouteGroupBuilder MapLiveEvents(this RouteGroupBuilder api)
    {
        api.MapGet("/events/stream", Stream).WithTags("Inbox")
            .WithSummary("Server-sent events: message.received, message.status, connection.updated, template.updated.");
        return api;
    }

    private static async Task Stream(HttpContext http, ClaimsPrincipal principal, ILiveEvents live, TimeProvider clock)
    {
        var orgId = Caller.From(principal).OrgId;
        Guid? lastEventId = Guid.TryParse(http.Request.Headers["Last-Event-ID"].ToString(), out var last) ? last : null;
        var response = http.Response;
        var ct = http.RequestAborted;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers["X-Accel-Buffering"] = "no";
        await response.WriteAsync(": connected\n\n", ct);
        await response.Body.FlushAsync(ct);

        await using var events = live.SubscribeAsync(orgId, lastEventId, ct).GetAsyncEnumerator(ct);
        var next = events.MoveNextAsync().AsTask();
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var beat = Task.Delay(Heartbeat, clock, ct);
                if (await Task.WhenAny(next, beat) != next)
                {
                    await response.WriteAsync(": heartbeat\n\n", ct);
                    await response.Body.FlushAsync(ct);
                    continue;
                }

                if (!await next)
                {
                    return;
                }

                var liveEvent = events.Current;
                var data = JsonSerializer.Serialize(liveEvent.Data);
                await response.WriteAsync($"event: {liveEvent.Type}\nid: {liveEvent.Id:N}\ndata: {data}\n\n", ct);
                await response.Body.FlushAsync(ct);
                next = events.MoveNextAsync().AsTask();
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The client went away.
        }
        finally
        {
            // The enumerator may not be disposed while a MoveNextAsync is in flight; cancellation ends it.
            await ((Task)next).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
