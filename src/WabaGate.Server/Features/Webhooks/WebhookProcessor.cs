using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Webhooks;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Messaging;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.Server.Infrastructure.Jobs;
using WabaGate.Server.Infrastructure.Observability;
using StoredDelivery = WabaGate.Server.Data.Entities.WebhookDelivery;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// Processes one stored delivery in its organization's scope: parses it fully and walks every entry, every change,
/// every message and status (never just the first), checking each against the organization's own WABAs and phone
/// numbers. A change that belongs to no connection of this organization is recorded and skipped — it never lands
/// here. Outcomes are stored per change. Idempotent: replays and redelivered jobs recompute the same outcome.
/// <para>
/// Under load the worker hands it several deliveries of one organization at once (<see cref="HandleBatchAsync"/>):
/// they are read, decrypted and parsed first, then written in one transaction that the job runner commits together
/// with the jobs' completion — one commit (on SQLite one fsync, one hold of the write lock) for the batch instead of
/// two or more per delivery. Live events are published only after that commit. If anything in the batch fails, none of
/// it is kept and each delivery runs again alone (<see cref="HandleAsync"/>), which commits change by change.
/// </para>
/// </summary>
internal sealed class WebhookProcessor(
    AppDbContext db, IServiceProvider scope, ReferenceCache routes, SqliteWriteGate writeGate, IFieldEncryptor encryptor, TimeProvider clock, WabaGateMetrics metrics, ILogger<WebhookProcessor> logger,
    InboundMessageWriter inbound, MessageStatusApplier statuses, MessageContentCodec codec, ILiveEvents live,
    IEnumerable<IWebhookFieldHandler> fieldHandlers, IEnumerable<IWebhookProcessingObserver> observers)
    : IJobBatchHandler<WebhookProcessPayload>, IAsyncDisposable
{
    /// <summary>
    /// Deliveries per batch. Bounded because on SQLite the batch's transaction holds the one write lock while it writes,
    /// and the webhook inbox waits for that lock to acknowledge new deliveries.
    /// </summary>
    public const int MaxBatch = 16;

    private static readonly string[] OutcomeColumns =
        [nameof(StoredDelivery.State), nameof(StoredDelivery.Error), nameof(StoredDelivery.Outcome), nameof(StoredDelivery.ProcessedAt), nameof(StoredDelivery.Attempts)];

    /// <summary>Where live events go while a batch runs: published after its commit instead of at once.</summary>
    private IList<Func<Task>>? deferredEvents;

    /// <summary>SQLite: the batch's turn at the write lock, held until the job's scope ends (after the runner's commit).</summary>
    private SqliteBackgroundWrite? writeTurn;

    private readonly ILookup<string, IWebhookFieldHandler> handlers = fieldHandlers
        .SelectMany(h => h.Fields.Select(f => (Field: f, Handler: h)))
        .ToLookup(x => x.Field, x => x.Handler, StringComparer.Ordinal);

    public async Task<JobResult> HandleAsync(WebhookProcessPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        if (context.OrgId is not { } orgId)
        {
            return JobResult.Fail("A webhook processing job needs an organization.");
        }

        // Not tracked: the writers save (and on a lost race clear) the unit of work as they go; the outcome is attached at the end.
        var delivery = await db.Set<StoredDelivery>().AsNoTracking().SingleOrDefaultAsync(d => d.Id == payload.DeliveryId && d.OrgId == orgId, cancellationToken);
        if (delivery is null)
        {
            return JobResult.Fail("The delivery no longer exists.");
        }

        delivery.Attempts++;
        try
        {
            var touched = new HashSet<Guid>();
            if (await ReadAsync(delivery, orgId, cancellationToken) is { } parsed)
            {
                await ApplyAsync(delivery, parsed, orgId, touched, cancellationToken);
            }

            await TouchConnectionsAsync(touched, cancellationToken);
            WriteBackOutcome(delivery);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await RecordFailureAsync(delivery.Id, context, JobRunner.Describe(exception));
            throw;
        }

        return JobResult.Success;
    }

    public async Task<IReadOnlyList<JobResult>> HandleBatchAsync(IReadOnlyList<JobBatchItem<WebhookProcessPayload>> items, CancellationToken cancellationToken)
    {
        if (items[0].Context.OrgId is not { } orgId)
        {
            return [.. items.Select(_ => JobResult.Fail("A webhook processing job needs an organization."))];
        }

        // Everything that needs no write first: the deliveries, their decryption and parsing (outside SQLite's write lock).
        var ids = items.Select(i => i.Payload.DeliveryId).ToList();
        var deliveries = await db.Set<StoredDelivery>().AsNoTracking().Where(d => ids.Contains(d.Id) && d.OrgId == orgId).ToDictionaryAsync(d => d.Id, cancellationToken);
        var work = new List<(int Index, StoredDelivery Delivery, Graph.Webhooks.WebhookDelivery? Parsed)>(items.Count);
        var results = new JobResult[items.Count];
        for (var i = 0; i < items.Count; i++)
        {
            if (!deliveries.TryGetValue(items[i].Payload.DeliveryId, out var delivery) || work.Any(w => w.Delivery.Id == delivery.Id))
            {
                results[i] = JobResult.Fail("The delivery no longer exists.");
                continue;
            }

            delivery.Attempts++;
            var parsed = await ReadAsync(delivery, orgId, cancellationToken);
            if (parsed is not null && parsed.Entries.SelectMany(e => e.Changes).Any(c => c.Value is not MessagesValue && handlers.Contains(c.Field)))
            {
                // Template, account and quality handlers save and publish as they go: such (rare) deliveries run alone.
                throw new NotSupportedException("The batch holds a delivery with template, account or quality events; those are applied one delivery at a time.");
            }

            work.Add((i, delivery, parsed));
        }

        // Then one transaction for all their writes; the job runner commits it with the jobs' completion. On SQLite the
        // batch first waits for its turn behind the inbox, and keeps it until the scope ends; the commit skips the fsync
        // (everything here is derived from the stored delivery, and the jobs re-run if a power cut drops it; see
        // SqliteBackgroundWrite).
        if (db.IsSqlite)
        {
            writeTurn = await writeGate.BeginBackgroundWriteAsync(db, cancellationToken);
        }

        await db.Database.BeginTransactionAsync(cancellationToken);
        var touched = new HashSet<Guid>();

        // In the order of their senders (stable: one sender's deliveries keep their order), so that concurrent batches
        // lock contacts and conversations in the same order: on PostgreSQL they then wait for each other instead of
        // deadlocking.
        foreach (var (index, delivery, parsed) in work.OrderBy(w => FirstSender(w.Parsed), StringComparer.Ordinal))
        {
            deferredEvents = items[index].Context.AfterCommit;
            if (parsed is not null)
            {
                await ApplyAsync(delivery, parsed, orgId, touched, cancellationToken);
            }

            results[index] = JobResult.Success;
        }

        deferredEvents = null;
        await TouchConnectionsAsync(touched, cancellationToken);
        foreach (var (_, delivery, _) in work)
        {
            WriteBackOutcome(delivery);
        }

        return results;
    }

    public ValueTask DisposeAsync() => writeTurn?.DisposeAsync() ?? ValueTask.CompletedTask;

    private static string FirstSender(Graph.Webhooks.WebhookDelivery? parsed)
        => parsed?.Entries.SelectMany(e => e.Changes).Select(c => c.Value is MessagesValue { Messages: [var first, ..] } ? first.From : null).FirstOrDefault(f => f is not null)
            ?? string.Empty;

    /// <summary>Only the outcome columns are written back (not the encrypted body), with the job's completion.</summary>
    private void WriteBackOutcome(StoredDelivery delivery)
    {
        var entry = db.Attach(delivery);
        foreach (var property in OutcomeColumns)
        {
            entry.Property(property).IsModified = true;
        }
    }

    /// <summary>Decrypts and parses a delivery; <see langword="null"/> (and the delivery finished as failed) when that is impossible.</summary>
    private async Task<Graph.Webhooks.WebhookDelivery?> ReadAsync(StoredDelivery delivery, Guid orgId, CancellationToken cancellationToken)
    {
        byte[] body;
        try
        {
            body = await encryptor.DecryptAsync(delivery.PayloadCipher ?? [], WebhookSecrets.Payload(orgId, delivery.Id), cancellationToken);
        }
        catch (CryptographicException)
        {
            Finish(delivery, WebhookDeliveryState.Failed, "The stored payload could not be decrypted.", null);
            metrics.WebhookFailed("decrypt");
            return null;
        }

        if (!WebhookParser.TryParse(body, out var parsed, out var parseError))
        {
            // Not retried: the bytes will never parse. Kept failed for inspection (and replay after a parser fix).
            Finish(delivery, WebhookDeliveryState.Failed, "Malformed webhook: " + parseError, null);
            metrics.WebhookFailed("malformed");
            WebhookLog.Failed(logger, delivery.Id, "malformed");
            return null;
        }

        return parsed;
    }

    private async Task ApplyAsync(StoredDelivery delivery, Graph.Webhooks.WebhookDelivery parsed, Guid orgId, HashSet<Guid> touched, CancellationToken cancellationToken)
    {
        var wabas = await OwnWabasAsync(parsed, orgId, cancellationToken);
        var outcomes = new List<ChangeOutcome>();
        var (messages, statuses) = (0, 0);
        foreach (var entry in parsed.Entries)
        {
            var connectionId = entry.Id is { } wabaId && wabas.TryGetValue(wabaId, out var owner) ? owner : (Guid?)null;
            foreach (var change in entry.Changes)
            {
                if (connectionId is null)
                {
                    outcomes.Add(new ChangeOutcome(entry.Id, change.Field, "skipped", "The WABA is not connected to this organization."));
                    continue;
                }

                touched.Add(connectionId.Value);
                var outcome = await ProcessChangeAsync(entry.Id, connectionId.Value, change, delivery.Id, orgId, cancellationToken);
                messages += outcome.Messages ?? 0;
                statuses += outcome.Statuses ?? 0;
                outcomes.Add(outcome);
                foreach (var observer in observers)
                {
                    await observer.ChangeDoneAsync(delivery.Id, outcomes.Count, cancellationToken);
                }
            }
        }

        var skipped = outcomes.Count(o => o.Result == "skipped");
        Finish(delivery, WebhookDeliveryState.Processed, skipped > 0 ? $"{skipped} of {outcomes.Count} changes were skipped." : null, outcomes);
        metrics.WebhookProcessed();
        WebhookLog.Processed(logger, delivery.Id, outcomes.Count, messages, statuses);
    }

    /// <summary>The organization's connections for the delivery's WABA ids (route lookups filtered to this organization).</summary>
    private async Task<Dictionary<string, Guid>> OwnWabasAsync(Graph.Webhooks.WebhookDelivery parsed, Guid orgId, CancellationToken cancellationToken)
    {
        var own = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var wabaId in parsed.Entries.Select(e => e.Id).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if ((await routes.RouteAsync(wabaId, scope, cancellationToken)).FirstOrDefault(r => r.OrgId == orgId) is { } route)
            {
                own[wabaId] = route.ConnectionId;
            }
        }

        return own;
    }

    private async Task<ChangeOutcome> ProcessChangeAsync(
        string? wabaId, Guid connectionId, WebhookChange change, Guid deliveryId, Guid orgId, CancellationToken cancellationToken)
    {
        if (change.ParseError is { } error)
        {
            return new ChangeOutcome(wabaId, change.Field, "invalid", error);
        }

        if (change.Value is not MessagesValue value)
        {
            // Template, account and quality events are applied by the feature that owns them; anything else is recorded.
            if (handlers.Contains(change.Field))
            {
                var notes = new List<string>();
                foreach (var handler in handlers[change.Field])
                {
                    if (await handler.ApplyAsync(new WebhookFieldContext(orgId, connectionId, wabaId ?? string.Empty, change, deliveryId), cancellationToken) is { } note)
                    {
                        notes.Add(note);
                    }
                }

                return new ChangeOutcome(wabaId, change.Field, "applied", notes.Count == 0 ? null : string.Join("; ", notes));
            }

            return new ChangeOutcome(wabaId, change.Field, change.IsKnown ? "recorded" : "unknown_field", null);
        }

        var phoneNumberId = value.Metadata?.PhoneNumberId;
        var phone = phoneNumberId is null ? null : await PhoneAsync(phoneNumberId, connectionId, cancellationToken);
        if (phone is null || await db.Set<Connection>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == phone.ConnectionId, cancellationToken) is not { } connection)
        {
            // Kept in the delivery's outcome: once the number is connected, replaying the delivery stores it.
            return new ChangeOutcome(wabaId, change.Field, "skipped", "The phone number is not connected to this organization.") { PhoneNumberId = phoneNumberId };
        }

        var received = await inbound.WriteAsync(connection, phone, value, change.RawValue, cancellationToken);
        foreach (var (message, body) in received)
        {
            await PublishAsync(orgId, LiveEventTypes.MessageReceived, MessageView.Create(message, body), cancellationToken);
        }

        var changed = value.Statuses is { Count: > 0 } list
            ? await statuses.ApplyAsync(orgId, list, Member(change.RawValue, "statuses"), cancellationToken)
            : [];
        await PublishStatusesAsync(orgId, changed, cancellationToken);

        return new ChangeOutcome(wabaId, change.Field, "processed", value.Errors is { Count: > 0 } errors ? $"Meta reported error {errors[0].Code}: {errors[0].Title}" : null)
        {
            PhoneNumberId = phoneNumberId,
            Messages = value.Messages?.Count ?? 0,
            Statuses = value.Statuses?.Count ?? 0,
            Stored = received.Count,
            Wamids = [.. (value.Messages ?? []).Select(m => m.Id), .. (value.Statuses ?? []).Select(s => s.Id + ":" + s.Status)],
        };
    }

    /// <summary>The organization's row for Meta's phone number id, preferring the entry's own connection.</summary>
    private async Task<PhoneNumber?> PhoneAsync(string phoneNumberId, Guid connectionId, CancellationToken cancellationToken)
    {
        var phones = await db.Set<PhoneNumber>().AsNoTracking().Where(p => p.PhoneNumberId == phoneNumberId).ToListAsync(cancellationToken);
        return phones.FirstOrDefault(p => p.ConnectionId == connectionId) ?? phones.FirstOrDefault();
    }

    private async Task PublishStatusesAsync(Guid orgId, IReadOnlyCollection<Guid> messageIds, CancellationToken cancellationToken)
    {
        foreach (var chunk in messageIds.Chunk(200))
        {
            var messages = await db.Set<Message>().AsNoTracking().Where(m => chunk.Contains(m.Id)).ToListAsync(cancellationToken);
            foreach (var message in messages)
            {
                await PublishAsync(orgId, LiveEventTypes.MessageStatus, MessageView.Create(message, await codec.ReadAsync(message, cancellationToken)), cancellationToken);
            }
        }
    }

    /// <summary>Publishes a live event now (its change is committed), or after the batch's commit.</summary>
    private ValueTask PublishAsync(Guid orgId, string type, object data, CancellationToken cancellationToken)
    {
        if (deferredEvents is { } later)
        {
            later.Add(() => live.PublishAsync(orgId, type, data, CancellationToken.None).AsTask());
            return ValueTask.CompletedTask;
        }

        return live.PublishAsync(orgId, type, data, cancellationToken);
    }

    private static JsonElement? Member(JsonElement raw, string name)
        => raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty(name, out var value) ? value : null;

    private void Finish(StoredDelivery delivery, WebhookDeliveryState state, string? error, List<ChangeOutcome>? outcomes)
    {
        delivery.State = state;
        delivery.Error = error;
        delivery.Outcome = outcomes is null ? null : JsonSerializer.Serialize(outcomes, JobJson.Options);
        delivery.ProcessedAt = clock.GetUtcNow();
    }

    /// <summary>
    /// Stamps the connections' last webhook time in the job's final commit (no extra write transaction), at most
    /// once a minute per connection: under load most deliveries leave the row alone.
    /// </summary>
    private async Task TouchConnectionsAsync(HashSet<Guid> connectionIds, CancellationToken cancellationToken)
    {
        if (connectionIds.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        var stale = now.AddMinutes(-1);
        var connections = await db.Set<Connection>()
            .Where(c => connectionIds.Contains(c.Id) && (c.LastWebhookAt == null || c.LastWebhookAt < stale)).ToListAsync(cancellationToken);
        foreach (var connection in connections)
        {
            connection.LastWebhookAt = now;
        }
    }

    /// <summary>Records the failed attempt in its own statement (the job's unit of work will not be saved); dead on the last one.</summary>
    private async Task RecordFailureAsync(Guid deliveryId, JobContext context, string error)
    {
        db.ChangeTracker.Clear();
        var state = context.IsLastAttempt ? WebhookDeliveryState.Dead : WebhookDeliveryState.Pending;
        await db.Set<StoredDelivery>().Where(d => d.Id == deliveryId)
            .ExecuteUpdateAsync(s => s.SetProperty(d => d.Attempts, d => d.Attempts + 1).SetProperty(d => d.State, state).SetProperty(d => d.Error, error));
        metrics.WebhookFailed(context.IsLastAttempt ? "dead" : "retry");
        WebhookLog.Failed(logger, deliveryId, error);
    }
}

/// <summary>What became of one change: ids and counts only, no message content.</summary>
internal sealed record ChangeOutcome(string? WabaId, string Field, string Result, string? Detail)
{
    public string? PhoneNumberId { get; init; }

    public int? Messages { get; init; }

    public int? Statuses { get; init; }

    /// <summary>New messages stored by this processing (0 when all were already stored).</summary>
    public int? Stored { get; init; }

    public IReadOnlyList<string>? Wamids { get; init; }
}

/// <summary>
/// Told after each change of a delivery has been applied — and committed, when the delivery runs alone; in a batch of
/// deliveries it commits with the batch (tests use it to fail a delivery or a batch halfway).
/// </summary>
internal interface IWebhookProcessingObserver
{
    ValueTask ChangeDoneAsync(Guid deliveryId, int changesDone, CancellationToken cancellationToken);
}
