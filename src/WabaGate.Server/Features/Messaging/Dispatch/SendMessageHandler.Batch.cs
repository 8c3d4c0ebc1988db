using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Errors;
using WabaGate.Graph.Messages;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Messaging.Dispatch;

/// <summary>
/// Several <c>messages.send</c> jobs of one organization at once, with the same guarantees as one at a time but three
/// commits per batch instead of three per message: (1) every message that gets a slot is recorded <c>sending</c> in ONE
/// commit before Meta is called; (2) the sends run concurrently, each at its own throughput slot and after its
/// recipient's pacing; (3) every outcome — <c>sent</c> and the wamid, failures with Meta's codes — is committed with the
/// jobs' completion in ONE commit by the job runner. Retries (message back to <c>queued</c>) are saved before the batch
/// returns, since the runner keeps unsaved changes only together with a success.
/// </summary>
internal sealed partial class SendMessageHandler
{
    /// <summary>Most jobs one batch sends; at 1,000/s that is 64 ms of one number's slots.</summary>
    public const int MaxBatch = 64;

    public async Task<IReadOnlyList<JobResult>> HandleBatchAsync(IReadOnlyList<JobBatchItem<SendMessagePayload>> items, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        var results = new JobResult[items.Count];
        var ids = items.Select(i => i.Payload.MessageId).ToList();
        var messages = await db.Set<Message>().Where(m => ids.Contains(m.Id)).ToDictionaryAsync(m => m.Id, cancellationToken);

        // Media messages (an upload first, perhaps a fresh upload and a resend) go the single way, first, each saved at once:
        // if one of them throws, the batch is run job by job and nothing of the others has happened yet.
        for (var i = 0; i < items.Count; i++)
        {
            if (messages.GetValueOrDefault(items[i].Payload.MessageId) is { MediaId: not null, Status: MessageStatus.Queued or MessageStatus.Sending })
            {
                results[i] = await HandleAsync(items[i].Payload, items[i].Context, cancellationToken);
                await db.SaveChangesAsync(CancellationToken.None);
            }
        }

        var o = options.Value;
        var numbers = new Dictionary<Guid, Number?>();
        var ready = new List<Ready>();
        for (var i = 0; i < items.Count; i++)
        {
            if (results[i] is not null)
            {
                continue;
            }

            var context = items[i].Context;
            if (messages.GetValueOrDefault(items[i].Payload.MessageId) is not { Status: MessageStatus.Queued or MessageStatus.Sending } message)
            {
                results[i] = JobResult.Success; // sent, failed, rejected or waiting for approval: nothing to do
                continue;
            }

            if (message.Status == MessageStatus.Sending && !o.ResendOnUnknownOutcome)
            {
                MessagingLog.OutcomeUnknown(logger, message.Id);
                results[i] = Failed(message, null, "Send outcome unknown",
                    "A send attempt was interrupted before Meta's answer arrived, so Meta may or may not have accepted it. WabaGate does not resend it to avoid a duplicate; check the conversation and send again if needed.",
                    null, context);
                continue;
            }

            if (!await leases.TryHoldAsync(message.PhoneNumberRowId, cancellationToken))
            {
                results[i] = JobResult.RetryAt(clock.GetUtcNow() + NotOurs); // another node dispatches this number
                continue;
            }

            if (!numbers.TryGetValue(message.PhoneNumberRowId, out var number))
            {
                number = await NumberAsync(message, cancellationToken);
                numbers[message.PhoneNumberRowId] = number;
            }

            if (number is null)
            {
                results[i] = Failed(message, null, "Connection not active", "The connection stopped being active before the message was sent; reconnect it and send again.", null, context);
                continue;
            }

            var pace = pacer.TryTake(number.Phone.Id, message.To);
            if (pace > TimeSpan.Zero)
            {
                results[i] = JobResult.RetryAt(clock.GetUtcNow() + pace);
                continue;
            }

            var wait = limiter.Reserve(number.Phone.Id, RateOf(number.Phone), o.ThroughputBurstSeconds, MaxSlotWait, out var reserved);
            if (!reserved)
            {
                results[i] = JobResult.RetryAt(clock.GetUtcNow() + wait);
                continue;
            }

            var body = await codec.ReadAsync(message, cancellationToken);
            var request = MetaRequestFactory.Create(message.Type, message.To, body, null, message.Id.ToString());
            var now = clock.GetUtcNow();
            message.Status = MessageStatus.Sending;
            message.SendAttempts++;
            message.LastAttemptAt = now;
            message.UpdatedAt = now;
            ready.Add(new Ready(i, message, number, body, request, now + wait));
        }

        if (ready.Count == 0)
        {
            return results;
        }

        // Record every attempt before any call (with the failures found so far): if this node dies while waiting for
        // Meta, the next owner of each job finds it `sending` and does not resend it blindly.
        await db.SaveChangesAsync(cancellationToken);

        // From here on nothing may throw: the sends happen, and their outcomes must reach the commit.
        var answers = await Task.WhenAll(ready.Select(SendAsync));
        var retries = false;
        var sent = new List<(Message Message, MessageBody Body)>();
        for (var k = 0; k < ready.Count; k++)
        {
            var (index, message, number, body, _, _) = ready[k];
            var context = items[index].Context;
            switch (answers[k])
            {
                case { Response: { } response }:
                    MarkSent(message, response.MessageId, context);
                    sent.Add((message, body));
                    results[index] = JobResult.Success;
                    break;
                case { Refusal: { } exception }:
                    switch (Refuse(message, number.Connection, exception, networkSafe: false))
                    {
                        case Refusal.Retry retry:
                            retries = true;
                            results[index] = JobResult.RetryAt(retry.At);
                            break;
                        case Refusal.Fail fail:
                            results[index] = Failed(message, fail.Code, fail.Title, fail.Detail, fail.Meta, context);
                            break;
                    }

                    break;
                default:
                    // Something other than Meta's answer went wrong after the request may have left: as if the worker died.
                    if (o.ResendOnUnknownOutcome)
                    {
                        message.Status = MessageStatus.Queued;
                        retries = true;
                        results[index] = JobResult.RetryAt(clock.GetUtcNow() + o.RetryBaseDelay);
                    }
                    else
                    {
                        MessagingLog.OutcomeUnknown(logger, message.Id);
                        results[index] = Failed(message, null, "Send outcome unknown",
                            "The send failed unexpectedly after it was recorded, so Meta may or may not have accepted it. WabaGate does not resend it to avoid a duplicate; check the conversation and send again if needed.",
                            null, context);
                    }

                    break;
            }
        }

        if (sent.Count > 0)
        {
            // Every success commits in the runner's one commit, so one follow-up after it serves them all.
            items[ready.First(r => r.Message.Status == MessageStatus.Sent).Index].Context.AfterCommit.Add(() => AfterSentAsync(sent));
        }

        if (retries)
        {
            // A retry is not a success, so the runner would drop it: save it (and everything else decided so far) now.
            await db.SaveChangesAsync(CancellationToken.None);
        }

        return results;
    }

    /// <summary>
    /// After the commit: statuses that arrived by webhook before the wamids were stored are folded in (one read finds
    /// the few that have any), then each change is published.
    /// </summary>
    private async Task AfterSentAsync(List<(Message Message, MessageBody Body)> sent)
    {
        var wamids = sent.Select(s => s.Message.Wamid).OfType<string>().ToList();
        var pending = wamids.Count == 0 ? new HashSet<string>() : await statuses.WithPendingAsync(wamids, CancellationToken.None);
        foreach (var (message, body) in sent)
        {
            MessagingLog.Sent(logger, message.Id, message.Wamid, message.SendAttempts);
            if (message.Wamid is { } wamid && pending.Contains(wamid) && await statuses.ApplyPendingAsync(message.Id, wamid, CancellationToken.None))
            {
                await db.Entry(message).ReloadAsync(CancellationToken.None);
            }

            await live.PublishAsync(message.OrgId, LiveEventTypes.MessageStatus, MessageView.Create(message, body), CancellationToken.None);
        }
    }

    /// <summary>Waits for the slot and calls Meta; touches neither the unit of work nor the message (they are not thread-safe).</summary>
    private async Task<Answer> SendAsync(Ready ready)
    {
        try
        {
            // Not cancelled by shutdown: at most MaxSlotWait, and the attempt is already recorded.
            await limiter.LeaveAsync(ready.Number.Phone.Id, ready.Slot, RateOf(ready.Number.Phone), CancellationToken.None);
            return new Answer(await graph.SendMessageAsync(ready.Number.Phone.PhoneNumberId, ready.Request, ready.Number.Token, CancellationToken.None), null, null);
        }
        catch (GraphApiException exception)
        {
            return new Answer(null, exception, null);
        }
        catch (Exception exception)
        {
            return new Answer(null, null, exception);
        }
    }

    /// <summary>The number, its connection and its token; <see langword="null"/> when the connection cannot send.</summary>
    private async Task<Number?> NumberAsync(Message message, CancellationToken ct)
    {
        var phone = await db.Set<PhoneNumber>().AsNoTracking().SingleAsync(p => p.Id == message.PhoneNumberRowId, ct);
        var connection = await db.Set<Connection>().SingleAsync(c => c.Id == message.ConnectionId, ct);
        if (connection.Status != ConnectionStatus.Active || !connection.Enabled || await secrets.AccessTokenAsync(connection, ct) is not { } token)
        {
            return null;
        }

        return new Number(phone, connection, token);
    }

    /// <summary>Fails the message in the unit of work (committed with the job's success); published after that commit.</summary>
    private JobResult Failed(Message message, int? code, string title, string detail, string? meta, JobContext context)
    {
        MarkFailed(message, code, title, detail, meta);
        context.AfterCommit.Add(async () =>
        {
            MessagingLog.Failed(logger, message.Id, code, title);
            await live.PublishAsync(message.OrgId, LiveEventTypes.MessageStatus, MessageView.Create(message, await codec.ReadAsync(message, CancellationToken.None)), CancellationToken.None);
        });
        return JobResult.Success;
    }

    private sealed record Number(PhoneNumber Phone, Connection Connection, string Token);

    private sealed record Ready(int Index, Message Message, Number Number, MessageBody Body, SendMessageRequest Request, DateTimeOffset Slot);

    private sealed record Answer(SendMessageResponse? Response, GraphApiException? Refusal, Exception? Unexpected);
}
