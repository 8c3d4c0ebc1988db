using WabaGate.Graph.Webhooks;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// Applies one kind of webhook change (by its <c>field</c>) for the feature that owns it — templates apply template
/// events, connections account and quality events — so the webhook processor routes without knowing their tables.
/// Handlers run in the organization's scope, must be idempotent (deliveries are replayed) and save their own changes.
/// </summary>
public interface IWebhookFieldHandler
{
    /// <summary>The <c>field</c> names handled, e.g. <c>message_template_status_update</c>.</summary>
    IReadOnlyCollection<string> Fields { get; }

    /// <summary>Applies the change.</summary>
    /// <returns>A short note for the delivery's outcome (no content), or <see langword="null"/>.</returns>
    Task<string?> ApplyAsync(WebhookFieldContext context, CancellationToken cancellationToken);
}

/// <summary>One change of a delivery, already routed to a connection of the current organization.</summary>
public sealed record WebhookFieldContext(Guid OrgId, Guid ConnectionId, string WabaId, WebhookChange Change, Guid DeliveryId);
