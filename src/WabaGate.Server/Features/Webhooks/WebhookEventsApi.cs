using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.Server.Infrastructure.Paging;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>The webhook inspector: what Meta sent, what became of it, and a way to process it again.</summary>
internal static class WebhookEventsApi
{

    public static RouteGroupBuilder MapWebhookEvents(this RouteGroupBuilder api)
    {
        var events = api.MapGroup("/webhook-events").WithTags("Webhook inspector");
        events.MapGet("/", List).WithSummary("The organization's webhook deliveries, newest first.");
        events.MapGet("/{id:guid}", Get).RequireAuthorization(TenancyPolicies.OrgAdmin).WithSummary("One delivery with its decrypted payload (Owner/Admin).");
        events.MapPost("/{id:guid}/replay", Replay).RequireAuthorization(TenancyPolicies.OrgAdmin).WithSummary("Process the delivery again (idempotent).");
        return api;
    }

    private static async Task<Results<Ok<ItemsResponse<WebhookEventDto>>, ProblemHttpResult>> List(
        Guid? connectionId, string? state, int? limit, string? cursor, ClaimsPrincipal principal, AppDbContext db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        WebhookDeliveryState parsed = default;
        if (state is not null && !WebhookStates.TryParse(state, out parsed))
        {
            errors["state"] = ["Use one of pending, processed, failed, dead."];
        }

        var page = IdPage.Parse(limit, cursor, errors);
        if (errors.Count > 0)
        {
            return ApiResults.ValidationFailed(errors.AsReadOnly());
        }

        var query = Deliveries(db, principal).AsNoTracking();
        if (state is not null)
        {
            query = query.Where(d => d.State == parsed);
        }

        if (connectionId is { } connection)
        {
            query = query.Where(d => d.ConnectionId == connection);
        }

        return TypedResults.Ok(await query.ToPageAsync(page, d => d.Id, WebhookEventDto.From, ct));
    }

    private static async Task<Results<Ok<WebhookEventDetailDto>, ProblemHttpResult>> Get(
        Guid id, ClaimsPrincipal principal, AppDbContext db, IFieldEncryptor encryptor, CancellationToken ct)
    {
        if (await Deliveries(db, principal).AsNoTracking().SingleOrDefaultAsync(d => d.Id == id, ct) is not { } delivery)
        {
            return NotFound();
        }

        string? payload = null;
        if (delivery.PayloadCipher is { } cipher)
        {
            // The raw bytes as received; shown as text (invalid UTF-8 is replaced, never thrown on).
            var bytes = await encryptor.DecryptAsync(cipher, WebhookSecrets.Payload(delivery.OrgId!.Value, delivery.Id), ct);
            payload = Encoding.UTF8.GetString(bytes);
        }

        var outcome = delivery.Outcome is { } json ? JsonSerializer.Deserialize<JsonElement>(json) : (JsonElement?)null;
        return TypedResults.Ok(new WebhookEventDetailDto(WebhookEventDto.From(delivery), payload, outcome));
    }

    /// <summary>Back to pending with a fresh processing job (see <see cref="WebhookReplay"/>): repeating the call is harmless.</summary>
    private static async Task<Results<Accepted<WebhookEventDto>, ProblemHttpResult>> Replay(Guid id, ClaimsPrincipal principal, WebhookReplay replay, CancellationToken ct)
    {
        var delivery = await replay.ReplayAsync(Caller.From(principal).OrgId, id, ct);
        if (delivery is { PayloadCipher: null, State: not WebhookDeliveryState.Pending })
        {
            return ApiResults.Conflict(PayloadPurged, "This delivery's payload was deleted by retention (Webhooks:PayloadRetention), so it cannot be processed again.");
        }

        return delivery is null ? NotFound() : TypedResults.Accepted($"/api/v1/webhook-events/{id}", WebhookEventDto.From(delivery));
    }

    /// <summary>Deliveries carry no EF tenant filter (unroutable ones have no organization), so every query names it; RLS agrees.</summary>
    private static IQueryable<WebhookDelivery> Deliveries(AppDbContext db, ClaimsPrincipal principal)
    {
        var orgId = Caller.From(principal).OrgId;
        return db.Set<WebhookDelivery>().Where(d => d.OrgId == orgId);
    }

    public const string PayloadPurged = "webhook_payload_purged";

    private static ProblemHttpResult NotFound() => ApiResults.NotFound("No webhook event with this id in your organization.");
}
