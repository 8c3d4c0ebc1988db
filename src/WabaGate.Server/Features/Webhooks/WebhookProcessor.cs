using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Webhooks;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
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
/// </summary>
internal sealed class WebhookProcessor(
    AppDbContext db, SystemQueries system, IFieldEncryptor encryptor, TimeProvider clock, WabaGateMetrics metrics, ILogger<WebhookProcessor> logger,
    IEnumerable<IWebhookFieldHandler> fieldHandlers)
    : IJobHandler<WebhookProcessPayload>
{
    public async Task<JobResult> HandleAsync(WebhookProcessPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        if (context.OrgId is not { } orgId)
        {
            return JobResult.Fail("A webhook processing job needs an organization.");
        }

        var delivery = await db.Set<StoredDelivery>().SingleOrDefaultAsync(d => d.Id == payload.DeliveryId && d.OrgId == orgId, cancellationToken);
        if (delivery is null)
        {
            return JobResult.Fail("The delivery no longer exists.");
        }

        delivery.Attempts++;
        try
        {
            await ProcessAsync(delivery, orgId, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            await RecordFailureAsync(delivery.Id, context, JobRunner.Describe(exception));
            throw;
        }

        return JobResult.Success;
    }

    private async Task ProcessAsync(StoredDelivery delivery, Guid orgId, CancellationToken cancellationToken)
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
            return;
        }

        if (!WebhookParser.TryParse(body, out var parsed, out var parseError))
        {
            // Not retried: the bytes will never parse. Kept failed for inspection (and replay after a parser fix).
            Finish(delivery, WebhookDeliveryState.Failed, "Malformed webhook: " + parseError, null);
            metrics.WebhookFailed("malformed");
            WebhookLog.Failed(logger, delivery.Id, "malformed");
            return;
        }

        var wabas = await OwnWabasAsync(parsed, orgId, cancellationToken);
        var outcomes = new List<ChangeOutcome>();
        var (messages, statuses) = (0, 0);
        var touched = new HashSet<Guid>();
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
                if (change.ParseError is null && fieldHandlers.FirstOrDefault(h => h.Fields.Contains(change.Field)) is { } handler)
                {
                    var note = await handler.ApplyAsync(new WebhookFieldContext(orgId, connectionId.Value, entry.Id!, change, delivery.Id), cancellationToken);
                    outcomes.Add(new ChangeOutcome(entry.Id, change.Field, "applied", note));
                    continue;
                }

                var outcome = await ProcessChangeAsync(entry.Id, change, orgId, cancellationToken);
                messages += outcome.Messages ?? 0;
                statuses += outcome.Statuses ?? 0;
                outcomes.Add(outcome);
            }
        }

        var skipped = outcomes.Count(o => o.Result == "skipped");
        Finish(delivery, WebhookDeliveryState.Processed, skipped > 0 ? $"{skipped} of {outcomes.Count} changes were skipped." : null, outcomes);
        await TouchConnectionsAsync(touched, cancellationToken);
        metrics.WebhookProcessed();
        WebhookLog.Processed(logger, delivery.Id, outcomes.Count, messages, statuses);
    }

    /// <summary>The organization's connections for the delivery's WABA ids (route lookups filtered to this organization).</summary>
    private async Task<Dictionary<string, Guid>> OwnWabasAsync(Graph.Webhooks.WebhookDelivery parsed, Guid orgId, CancellationToken cancellationToken)
    {
        var own = new Dictionary<string, Guid>(StringComparer.Ordinal);
        foreach (var wabaId in parsed.Entries.Select(e => e.Id).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            if ((await system.RouteWabaAsync(wabaId, cancellationToken)).FirstOrDefault(r => r.OrgId == orgId) is { } route)
            {
                own[wabaId] = route.ConnectionId;
            }
        }

        return own;
    }

    private async Task<ChangeOutcome> ProcessChangeAsync(string? wabaId, WebhookChange change, Guid orgId, CancellationToken cancellationToken)
    {
        if (change.ParseError is { } error)
        {
            return new ChangeOutcome(wabaId, change.Field, "invalid", error);
        }

        if (change.Value is not MessagesValue value)
        {
            // Template, account and quality events are applied by their features; recorded here as seen.
            return new ChangeOutcome(wabaId, change.Field, change.IsKnown ? "recorded" : "unknown_field", null);
        }

        var phoneNumberId = value.Metadata?.PhoneNumberId;
        var phone = phoneNumberId is null
            ? null
            : (await system.RoutePhoneNumberAsync(phoneNumberId, cancellationToken)).FirstOrDefault(r => r.OrgId == orgId);
        if (phone is null)
        {
            return new ChangeOutcome(wabaId, change.Field, "skipped", "The phone number is not connected to this organization.") { PhoneNumberId = phoneNumberId };
        }

        // Every message and status is counted and its id recorded; storing them (deduplicated on wamid, statuses only
        // moving forward) is the messaging feature's step, which reads these deliveries again.
        return new ChangeOutcome(wabaId, change.Field, "processed", null)
        {
            PhoneNumberId = phoneNumberId,
            Messages = value.Messages?.Count ?? 0,
            Statuses = value.Statuses?.Count ?? 0,
            Wamids = [.. (value.Messages ?? []).Select(m => m.Id), .. (value.Statuses ?? []).Select(s => s.Id + ":" + s.Status)],
        };
    }

    private void Finish(StoredDelivery delivery, WebhookDeliveryState state, string? error, List<ChangeOutcome>? outcomes)
    {
        delivery.State = state;
        delivery.Error = error;
        delivery.Outcome = outcomes is null ? null : JsonSerializer.Serialize(outcomes, JobJson.Options);
        delivery.ProcessedAt = clock.GetUtcNow();
    }

    private async Task TouchConnectionsAsync(HashSet<Guid> connectionIds, CancellationToken cancellationToken)
    {
        if (connectionIds.Count == 0)
        {
            return;
        }

        var now = clock.GetUtcNow();
        await db.Set<Connection>().Where(c => connectionIds.Contains(c.Id))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastWebhookAt, now), cancellationToken);
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

    public IReadOnlyList<string>? Wamids { get; init; }
}
