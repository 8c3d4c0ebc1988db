using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Webhooks;

namespace WabaGate.Simulator.Control;

/// <summary>The sandbox control API (fixed by API.md's Sandbox section) plus a few extras for tests and demos.</summary>
internal static class ControlApi
{
    private static readonly HashSet<string> ReviewStatuses = new(StringComparer.Ordinal) { "APPROVED", "REJECTED", "PAUSED", "DISABLED", "IN_APPEAL", "FLAGGED", "REINSTATED" };

    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapPost("/signup-sessions", SignupSession);
        root.MapPost("/customers/{waId}/messages", CustomerMessages.Post);
        root.MapPut("/customers/{waId}", CustomerSettings);
        root.MapGet("/outbox", Outbox);
        root.MapPost("/templates/{metaTemplateId}/review", Review);
        root.MapPost("/faults", AddFault);
        root.MapGet("/faults", (FaultInjector faults) => Results.Ok(new { items = faults.List() }));
        root.MapDelete("/faults", (FaultInjector faults) =>
        {
            faults.Clear();
            return Results.NoContent();
        });
        root.MapPost("/tokens", IssueToken);
        root.MapPost("/tokens/revoke", RevokeToken);
        root.MapPost("/phone-numbers/{phoneNumberId}/quality", Quality);
        root.MapPost("/wabas/{wabaId}/account-update", AccountUpdate);
        root.MapGet("/webhook-deliveries", (SimulatorState state) => Results.Ok(new { items = state.GetDeliveryLog() }));
        root.MapGet("/webhook-behavior", (WebhookBehaviorHolder holder) => Results.Ok(Describe(holder.Current)));
        root.MapPut("/webhook-behavior", SetBehavior);
    }

    private static IResult SignupSession(SignupSessionRequest? body, SimulatorState state, WebhookDispatcher dispatcher)
    {
        if (body?.WabaId is { Length: > 0 } wabaId)
        {
            return state.CreateReauthorizationSession(wabaId) is { } again
                ? Results.Ok(again)
                : ControlResults.Problem(404, "unknown_waba", "No WABA with this id.");
        }

        var count = body?.PhoneNumbers ?? 1;
        if (count is < 0 or > 20) return ControlResults.Problem(400, "invalid_phone_numbers", "phoneNumbers must be between 0 and 20.");
        var result = state.CreateSignupSession(count, body?.BusinessName);
        Signup.SignupNotifier.Completed(state, dispatcher, result);
        return Results.Ok(result);
    }

    private static IResult CustomerSettings(string waId, CustomerSettingsRequest body, SimulatorState state)
    {
        var customer = state.Customer(waId);
        lock (state.Gate)
        {
            if (body.ProfileName is { Length: > 0 } name) customer.ProfileName = name;
            if (body.Undeliverable is { } undeliverable) customer.Undeliverable = undeliverable;
            if (body.ReadsMessages is { } reads) customer.ReadsMessages = reads;
        }

        return Results.Ok(new { customer.WaId, customer.ProfileName, customer.Undeliverable, customer.ReadsMessages });
    }

    private static IResult Outbox(string? phoneNumberId, SimulatorState state)
    {
        if (string.IsNullOrEmpty(phoneNumberId)) return ControlResults.Problem(400, "phone_number_id_required", "Pass ?phoneNumberId=.");
        var items = state.GetOutbox(phoneNumberId).Select(m => new
        {
            m.Wamid,
            m.PhoneNumberId,
            m.To,
            m.WaId,
            m.Type,
            m.AcceptedAt,
            m.GraphVersion,
            Request = m.Request,
            m.RawRequest,
        });
        return Results.Ok(new { items });
    }

    private static IResult Review(string metaTemplateId, TemplateReviewRequest body, SimulatorState state, WebhookDispatcher dispatcher)
    {
        var status = body.Status?.ToUpperInvariant();
        if (status is null || !ReviewStatuses.Contains(status))
        {
            return ControlResults.Problem(400, "invalid_status", "status must be APPROVED, REJECTED or PAUSED (or DISABLED, IN_APPEAL, FLAGGED, REINSTATED).");
        }

        if (state.FindTemplate(metaTemplateId) is not { } template) return ControlResults.Problem(404, "template_not_found", "No simulated template has that id.");
        lock (state.Gate)
        {
            template.Status = status switch
            {
                "FLAGGED" => template.Status,
                "REINSTATED" => "APPROVED",
                _ => status,
            };
            template.RejectedReason = status == "REJECTED" ? body.Reason ?? "INVALID_FORMAT" : null;
        }

        dispatcher.Enqueue(WebhookPayloads.TemplateStatus(template, status, status == "REJECTED" ? body.Reason ?? "INVALID_FORMAT" : body.Reason, state.Now));
        return Results.Ok(new { id = template.Id, name = template.Name, language = template.Language, status = template.Status });
    }

    private static IResult AddFault(FaultRequest body, FaultInjector faults)
    {
        if (string.IsNullOrWhiteSpace(body.Endpoint) || body.MetaCode is null)
        {
            return ControlResults.Problem(400, "invalid_fault", "endpoint and metaCode are required.");
        }

        var rule = faults.Add(new FaultRule
        {
            Id = Guid.NewGuid().ToString("N"),
            Endpoint = body.Endpoint.Trim(),
            MetaCode = body.MetaCode.Value,
            HttpStatus = body.HttpStatus,
            Subcode = body.Subcode,
            Message = body.Message,
            Details = body.Details,
            Remaining = Math.Max(1, body.Count ?? 1),
        });
        return Results.Created((string?)null, rule);
    }

    private static IResult IssueToken(TokenRequest body, SimulatorState state)
    {
        if (body.WabaIds is not { Count: > 0 } ids || ids.Any(id => state.FindWaba(id) is null))
        {
            return ControlResults.Problem(400, "invalid_waba_ids", "wabaIds must name simulated WABAs.");
        }

        return Results.Ok(new { accessToken = state.IssueToken(ids) });
    }

    private static IResult RevokeToken(RevokeTokenRequest body, SimulatorState state) =>
        body.AccessToken is { Length: > 0 } token && state.RevokeToken(token)
            ? Results.NoContent()
            : ControlResults.Problem(404, "token_not_found", "No such token.");

    private static IResult Quality(string phoneNumberId, QualityRequest body, SimulatorState state, WebhookDispatcher dispatcher)
    {
        if (state.FindPhone(phoneNumberId) is not { } phone) return ControlResults.Problem(404, "phone_number_not_found", "No such phone number.");
        string oldLimit;
        lock (state.Gate)
        {
            oldLimit = phone.MessagingLimit;
            if (body.QualityRating is { Length: > 0 } quality) phone.QualityRating = quality.ToUpperInvariant();
            if (body.MessagingLimit is { Length: > 0 } limit) phone.MessagingLimit = limit.ToUpperInvariant();
            if (body.ThroughputLevel is { Length: > 0 } level) phone.ThroughputLevel = level.ToUpperInvariant();
        }

        var eventName = body.Event ?? (body.ThroughputLevel?.ToUpperInvariant() == "HIGH" ? "THROUGHPUT_UPGRADE" : oldLimit == phone.MessagingLimit ? "ONBOARDING" : "UPGRADE");
        dispatcher.Enqueue(WebhookPayloads.Quality(phone, eventName, oldLimit, state.Now));
        return Results.Ok(new { phone.Id, phone.QualityRating, phone.MessagingLimit, phone.ThroughputLevel, @event = eventName });
    }

    private static IResult AccountUpdate(string wabaId, AccountUpdateRequest body, SimulatorState state, WebhookDispatcher dispatcher)
    {
        if (state.FindWaba(wabaId) is not { } waba) return ControlResults.Problem(404, "waba_not_found", "No such WABA.");
        if (string.IsNullOrWhiteSpace(body.Event)) return ControlResults.Problem(400, "event_required", "event is required (e.g. ACCOUNT_VIOLATION, PARTNER_REMOVED).");
        dispatcher.Enqueue(WebhookPayloads.AccountUpdate(waba, body.Event.Trim(), body.Value, state.Now));
        return Results.Accepted();
    }

    private static IResult SetBehavior(WebhookBehaviorRequest body, WebhookBehaviorHolder holder)
    {
        var current = holder.Current;
        holder.Current = current with
        {
            BatchSize = Math.Clamp(body.BatchSize ?? current.BatchSize, 1, 1000),
            Duplicate = body.Duplicate ?? current.Duplicate,
            Reorder = body.Reorder ?? current.Reorder,
            GatherWindow = body.GatherWindowMs is { } ms ? TimeSpan.FromMilliseconds(Math.Clamp(ms, 0, 60_000)) : current.GatherWindow,
            ReorderGroupSize = Math.Clamp(body.ReorderGroupSize ?? current.ReorderGroupSize, 2, 1000),
        };
        return Results.Ok(Describe(holder.Current));
    }

    private static object Describe(WebhookBehavior b) => new
    {
        b.BatchSize,
        b.Duplicate,
        b.Reorder,
        GatherWindowMs = (int)b.GatherWindow.TotalMilliseconds,
        b.ReorderGroupSize,
    };
}
