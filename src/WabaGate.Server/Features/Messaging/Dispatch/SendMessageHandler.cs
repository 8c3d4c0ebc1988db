using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Graph.Client;
using WabaGate.Graph.Errors;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Connections;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Media;
using WabaGate.Server.Features.Webhooks;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Messaging.Dispatch;

/// <summary>
/// The dispatcher's step for one message (<c>messages.send</c>): holds the number's dispatch lease, paces the
/// recipient, takes a throughput slot, records the attempt (status <c>sending</c>) <i>before</i> calling Meta, then
/// stores the wamid or the failure. A message found still <c>sending</c> was attempted by a worker that never
/// learned the outcome: it is not resent blindly (see <see cref="MessagingOptions.ResendOnUnknownOutcome"/>).
/// </summary>
internal sealed partial class SendMessageHandler(
    AppDbContext db,
    MessageContentCodec codec,
    ConnectionSecrets secrets,
    GraphClient graph,
    MediaUploader uploader,
    ThroughputLimiter limiter,
    RecipientPacer pacer,
    DispatchLeases leases,
    MessageStatusApplier statuses,
    ILiveEvents live,
    IOptions<MessagingOptions> options,
    TimeProvider clock,
    ILogger<SendMessageHandler> logger) : IJobBatchHandler<SendMessagePayload>
{
    private static readonly TimeSpan MaxSlotWait = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan NotOurs = TimeSpan.FromMilliseconds(300);

    /// <summary>The number's configured throughput: the high rate once Meta reports it <c>HIGH</c>.</summary>
    private int RateOf(PhoneNumber phone)
        => phone.ThroughputLevel == "HIGH" ? options.Value.HighThroughputPerSecond : options.Value.DefaultThroughputPerSecond;

    public async Task<JobResult> HandleAsync(SendMessagePayload payload, JobContext context, CancellationToken cancellationToken)
    {
        // One connection for the whole step (released with the scope): otherwise every query checks one out of the
        // pool again, and on PostgreSQL each checkout costs an extra round trip to hand the organization to RLS.
        await db.Database.OpenConnectionAsync(cancellationToken);
        var message = await db.Set<Message>().SingleOrDefaultAsync(m => m.Id == payload.MessageId, cancellationToken);
        if (message is null || message.Status is not (MessageStatus.Queued or MessageStatus.Sending))
        {
            return JobResult.Success; // sent, failed, rejected or waiting for approval: nothing to do
        }

        var o = options.Value;
        if (message.Status == MessageStatus.Sending && !o.ResendOnUnknownOutcome)
        {
            MessagingLog.OutcomeUnknown(logger, message.Id);
            return await FailAsync(message, null, "Send outcome unknown",
                "A send attempt was interrupted before Meta's answer arrived, so Meta may or may not have accepted it. WabaGate does not resend it to avoid a duplicate; check the conversation and send again if needed.",
                null, cancellationToken);
        }

        if (!await leases.TryHoldAsync(message.PhoneNumberRowId, cancellationToken))
        {
            return JobResult.RetryAt(clock.GetUtcNow() + NotOurs); // another node dispatches this number
        }

        var phone = await db.Set<PhoneNumber>().AsNoTracking().SingleAsync(p => p.Id == message.PhoneNumberRowId, cancellationToken);
        var connection = await db.Set<Connection>().SingleAsync(c => c.Id == message.ConnectionId, cancellationToken);
        if (connection.Status != ConnectionStatus.Active || !connection.Enabled
            || await secrets.AccessTokenAsync(connection, cancellationToken) is not { } token)
        {
            return await FailAsync(message, null, "Connection not active", "The connection stopped being active before the message was sent; reconnect it and send again.", null, cancellationToken);
        }

        var pace = pacer.TryTake(phone.Id, message.To);
        if (pace > TimeSpan.Zero)
        {
            return JobResult.RetryAt(clock.GetUtcNow() + pace);
        }

        var rate = RateOf(phone);
        var wait = limiter.Reserve(phone.Id, rate, o.ThroughputBurstSeconds, MaxSlotWait, out var reserved);
        if (!reserved)
        {
            return JobResult.RetryAt(clock.GetUtcNow() + wait);
        }

        var slot = clock.GetUtcNow() + wait;
        var body = await codec.ReadAsync(message, cancellationToken);
        for (var forceUpload = false; ; forceUpload = true)
        {
            MetaMedia? media = null;
            if (message.MediaId is { } mediaId)
            {
                try
                {
                    media = await uploader.MetaIdAsync(mediaId, phone.PhoneNumberId, token, forceUpload, cancellationToken);
                }
                catch (GraphApiException exception)
                {
                    // Nothing was sent: an upload failure is retried or fails like a send that Meta refused.
                    message.SendAttempts++;
                    message.LastAttemptAt = clock.GetUtcNow();
                    return await RefusedAsync(message, connection, exception, cancellationToken, networkSafe: true);
                }
            }

            var request = MetaRequestFactory.Create(message.Type, message.To, body, media?.Id, message.Id.ToString());

            // Record the attempt before the call: if this worker dies while waiting for Meta, the next one knows.
            var now = clock.GetUtcNow();
            message.Status = MessageStatus.Sending;
            message.SendAttempts++;
            message.LastAttemptAt = now;
            message.UpdatedAt = now;
            await db.SaveChangesAsync(cancellationToken);
            await WaitForSlotAsync(message, slot, rate, cancellationToken);

            Graph.Messages.SendMessageResponse response;
            try
            {
                // Not cancelled by shutdown: abandoning a request in flight would make its outcome unknown.
                response = await graph.SendMessageAsync(phone.PhoneNumberId, request, token, CancellationToken.None);
            }
            catch (GraphApiException exception) when (!forceUpload && media is { Uploaded: false } && MediaGone(exception))
            {
                MessagingLog.MediaReupload(logger, message.Id, message.MediaId!.Value);
                message.Status = MessageStatus.Queued;
                continue;
            }
            catch (GraphApiException exception)
            {
                return await RefusedAsync(message, connection, exception, cancellationToken);
            }

            return Sent(message, body, response.MessageId, context);
        }
    }

    /// <summary>
    /// Waits for the reserved throughput slot after the attempt is recorded, so the database write does not delay (and
    /// bunch up) the moments requests leave, then for the departure window. Interrupted by shutdown, the attempt is
    /// given back: nothing was sent.
    /// </summary>
    private async Task WaitForSlotAsync(Message message, DateTimeOffset slot, int rate, CancellationToken ct)
    {
        try
        {
            await limiter.LeaveAsync(message.PhoneNumberRowId, slot, rate, ct);
        }
        catch (OperationCanceledException)
        {
            message.Status = MessageStatus.Queued;
            message.SendAttempts--;
            await db.SaveChangesAsync(CancellationToken.None);
            throw;
        }
    }

    /// <summary>
    /// Meta accepted the message: the wamid and <c>sent</c> are committed together with the job's success (one commit,
    /// kept even if the job's lease ran out meanwhile); statuses that arrived by webhook before the wamid was stored
    /// are folded in after that commit, then the change is published.
    /// </summary>
    private JobResult Sent(Message message, MessageBody body, string? wamid, JobContext context)
    {
        MarkSent(message, wamid, context);
        context.AfterCommit.Add(async () =>
        {
            MessagingLog.Sent(logger, message.Id, wamid, message.SendAttempts);
            if (wamid is not null && await statuses.ApplyPendingAsync(message.Id, wamid, CancellationToken.None))
            {
                await db.Entry(message).ReloadAsync(CancellationToken.None);
            }

            await live.PublishAsync(message.OrgId, LiveEventTypes.MessageStatus, MessageView.Create(message, body), CancellationToken.None);
        });
        return JobResult.Success;
    }

    /// <summary>Meta accepted the message: the wamid and <c>sent</c>, to be committed with the job's success (kept even if its lease ran out).</summary>
    private void MarkSent(Message message, string? wamid, JobContext context)
    {
        var now = clock.GetUtcNow();
        message.Wamid = wamid;
        message.Status = MessageStatus.Sent;
        message.SentAt = now;
        message.UpdatedAt = now;
        (message.ErrorCode, message.ErrorTitle, message.ErrorDetail, message.ErrorMeta) = (null, null, null, null);
        context.KeepChangesIfLeaseLost = true;
    }

    /// <summary>Meta answered with an error, or did not answer: retry, fail, or (code 190) also flag the connection.</summary>
    private async Task<JobResult> RefusedAsync(Message message, Connection connection, GraphApiException exception, CancellationToken ct, bool networkSafe = false)
    {
        switch (Refuse(message, connection, exception, networkSafe))
        {
            case Refusal.Retry retry:
                await db.SaveChangesAsync(CancellationToken.None);
                return JobResult.RetryAt(retry.At);
            case Refusal.Fail fail:
                return await FailAsync(message, fail.Code, fail.Title, fail.Detail, fail.Meta, ct);
            default:
                throw new InvalidOperationException("Unknown refusal.");
        }
    }

    /// <summary>
    /// Decides what Meta's refusal means. A retry is applied to the message (back to <c>queued</c> with the error; the
    /// caller saves it); a failure is returned for the caller to record; code 190/0 also flags the connection.
    /// </summary>
    private Refusal Refuse(Message message, Connection connection, GraphApiException exception, bool networkSafe)
    {
        var o = options.Value;
        if (exception.IsNetworkError && !networkSafe && !NeverLeft(exception) && !o.ResendOnUnknownOutcome)
        {
            MessagingLog.OutcomeUnknown(logger, message.Id);
            return new Refusal.Fail(null, "Send outcome unknown",
                "Meta did not answer (timeout or broken connection after the request was sent), so the message may have been accepted. WabaGate does not resend it to avoid a duplicate; check the conversation and send again if needed.",
                null);
        }

        var code = exception.Code;
        var info = exception.CodeInfo;
        var title = info?.Title ?? (exception.IsNetworkError ? "No answer from Meta" : exception.UserTitle ?? "Meta error");
        var detail = code is { } c ? GraphErrorCodes.Explain(c) ?? exception.Details ?? exception.GraphMessage : exception.Details ?? exception.GraphMessage;
        detail ??= exception.IsNetworkError ? "The request did not reach Meta." : $"Meta answered HTTP {exception.StatusCode}.";
        var meta = Meta(exception);

        if (exception.IsRetryable && message.SendAttempts < o.MaxSendAttempts)
        {
            var delay = RetryDelay(message.SendAttempts, exception, o);
            if (code == GraphErrorCodes.PairRateLimit)
            {
                pacer.Penalize(message.PhoneNumberRowId, message.To, delay);
            }
            else if (code == GraphErrorCodes.ThroughputReached)
            {
                limiter.Penalize(message.PhoneNumberRowId);
            }

            var at = clock.GetUtcNow() + delay;
            message.Status = MessageStatus.Queued;
            (message.ErrorCode, message.ErrorTitle, message.ErrorDetail, message.ErrorMeta) = (code, title, $"Attempt {message.SendAttempts} failed, retrying: {detail}", meta);
            message.UpdatedAt = clock.GetUtcNow();
            MessagingLog.Retrying(logger, message.Id, message.SendAttempts, code, exception.ErrorClass.ToString(), at);
            return new Refusal.Retry(at);
        }

        if (code is GraphErrorCodes.AccessTokenInvalid or GraphErrorCodes.AuthException)
        {
            connection.Status = ConnectionStatus.NeedsReauthorization;
            connection.StatusReason = $"Meta rejected the access token while sending (code {code}): {GraphErrorCodes.Explain(code.Value)} Reconnect the WhatsApp account to send again.";
            connection.UpdatedAt = clock.GetUtcNow();
            MessagingLog.NeedsReauthorization(logger, connection.Id, code);
        }

        return new Refusal.Fail(code, title, detail, meta);
    }

    private async Task<JobResult> FailAsync(Message message, int? code, string title, string detail, string? meta, CancellationToken ct)
    {
        MarkFailed(message, code, title, detail, meta);
        await db.SaveChangesAsync(CancellationToken.None);
        MessagingLog.Failed(logger, message.Id, code, title);
        await live.PublishAsync(message.OrgId, LiveEventTypes.MessageStatus, MessageView.Create(message, await codec.ReadAsync(message, ct)), CancellationToken.None);
        return JobResult.Success;
    }

    private void MarkFailed(Message message, int? code, string title, string detail, string? meta)
    {
        var now = clock.GetUtcNow();
        message.Status = MessageStatus.Failed;
        message.FailedAt = now;
        message.UpdatedAt = now;
        (message.ErrorCode, message.ErrorTitle, message.ErrorDetail, message.ErrorMeta) = (code, title, detail, meta);
    }

    /// <summary>Exponential backoff with jitter; Meta's own hints (Retry-After, the code's suggested delay, 4^x s for the pair rate) win when longer.</summary>
    private static TimeSpan RetryDelay(int attempt, GraphApiException exception, MessagingOptions o)
    {
        var exponent = Math.Min(attempt - 1, 16);
        var backoff = o.RetryBaseDelay * Math.Pow(2, exponent) * (0.8 + (Random.Shared.NextDouble() * 0.4));
        if (exception.Code == GraphErrorCodes.PairRateLimit)
        {
            backoff = TimeSpan.FromSeconds(Math.Pow(4, Math.Min(exponent, 6)));
        }

        var hinted = exception.RetryAfter ?? exception.CodeInfo?.SuggestedDelay ?? TimeSpan.Zero;
        var delay = hinted > backoff ? hinted : backoff;
        return delay > o.RetryMaxDelay ? o.RetryMaxDelay : delay;
    }

    /// <summary>A network failure that certainly happened before the request left (connection refused, DNS): safe to retry.</summary>
    private static bool NeverLeft(GraphApiException exception)
        => exception.InnerException is HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError };

    /// <summary>Meta does not know the media id we sent (Meta's uploads expire after 30 days).</summary>
    private static bool MediaGone(GraphApiException exception)
        => exception.Code is GraphErrorCodes.ParameterValueInvalid or GraphErrorCodes.InvalidParameter or 131053
           && (exception.Details ?? exception.GraphMessage ?? string.Empty).Contains("media", StringComparison.OrdinalIgnoreCase);

    private static string? Meta(GraphApiException exception) => exception.Error is null
        ? null
        : JsonSerializer.Serialize(new { code = exception.Code, subcode = exception.Subcode, fbtraceId = exception.FbTraceId, message = exception.GraphMessage, details = exception.Details }, MessageJson.Options);

    /// <summary>What a refusal means for the message: a retry at a time, or a failure to record.</summary>
    private abstract record Refusal
    {
        public sealed record Retry(DateTimeOffset At) : Refusal;

        public sealed record Fail(int? Code, string Title, string Detail, string? Meta) : Refusal;
    }
}
