using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Webhooks;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Graph;

/// <summary>
/// <c>POST /{phone}/messages</c>: every send type, mark-as-read and typing indicator, with Meta's checks
/// (registration, throughput, validation, 24 h window, templates, pair rate) and the status progression after acceptance.
/// </summary>
internal static class MessagesEndpoints
{
    public static void Map(RouteGroupBuilder graph)
    {
        graph.MapPost("/{id}/messages", Send).WithMetadata(new GraphOperation("messages"));
    }

    private static GraphResult Send(HttpContext http, SimulatorState state, StatusScheduler statuses, string id)
    {
        if (PhoneNumberEndpoints.AccessiblePhone(http, state, id) is not { } phone) return GraphResult.Error(GraphErrors.ObjectNotFound(id, "post"));
        var graph = GraphContext.Get(http);
        var p = graph.Params;
        if (p.Str("messaging_product") != "whatsapp")
        {
            return GraphResult.Error(new GraphError(100, "(#100) The parameter messaging_product is required.", Details: "Param messaging_product must be whatsapp."));
        }

        if (p.ContainsKey("status")) return MarkRead(p, state);
        if (!phone.Registered)
        {
            return GraphResult.Error(GraphErrors.WhatsApp(133010, "Account not registered", "The phone number is not registered on the WhatsApp Business Platform."));
        }

        var to = p.Str("to");
        if (string.IsNullOrWhiteSpace(to)) return GraphResult.Error(new GraphError(100, "(#100) The parameter to is required."));
        var waId = new string([.. to.Where(char.IsAsciiDigit)]);
        if (waId.Length is < 7 or > 15 || to.Any(c => !(char.IsAsciiDigit(c) || c is '+' or '-' or '(' or ')' or ' ')))
        {
            return GraphResult.Error(GraphErrors.InvalidValue("Param to must be a valid phone number."));
        }

        if (waId == phone.Digits) return GraphResult.Error(GraphErrors.WhatsApp(131021, "Recipient cannot be sender", "Sender and recipient phone number is the same."));
        if (!state.TryTakeThroughput(phone)) return GraphResult.Error(GraphErrors.Title(130429));

        var type = p.Str("type") ?? "text";
        if (MessageValidator.Validate(type, p, state, phone) is { } invalid) return GraphResult.Error(invalid);
        SimTemplate? template = null;
        if (type == "template")
        {
            (template, var error) = TemplateSendCheck.Check(p, state, phone);
            if (error is not null) return GraphResult.Error(error);
        }

        var windowOpen = state.IsWindowOpen(phone.Id, waId);
        if (type != "template" && !windowOpen) return GraphResult.Error(GraphErrors.Title(131047));
        if (!state.TryTakePairRate(phone.Id, waId)) return GraphResult.Error(GraphErrors.Title(131056));

        var wamid = Ids.Wamid(waId);
        var raw = graph.RawBody is { Length: > 0 } body ? body : p.ToJsonString();
        var message = new OutboxMessage(wamid, phone.Id, to, waId, type, state.Now, graph.Version, raw);
        state.AddOutbox(message);
        statuses.Schedule(phone, message, PricingFor(template, windowOpen), p.Str("biz_opaque_callback_data"), graph.VersionNumber);

        var accepted = new JsonObject { ["id"] = wamid };
        if (template is not null) accepted["message_status"] = "accepted";
        return GraphResult.Ok(new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["contacts"] = new JsonArray(new JsonObject { ["input"] = to, ["wa_id"] = waId }),
            ["messages"] = new JsonArray(accepted),
        });
    }

    private static GraphResult MarkRead(JsonObject p, SimulatorState state)
    {
        if (p.Str("status") != "read") return GraphResult.Error(GraphErrors.InvalidValue("Param status must be read."));
        var messageId = p.Str("message_id");
        if (string.IsNullOrEmpty(messageId)) return GraphResult.Error(GraphErrors.MissingParameter("The parameter message_id is required."));
        if (!state.IsKnownInbound(messageId)) return GraphResult.Error(GraphErrors.InvalidValue("Invalid message_id: the message is unknown or not a received message."));
        if (p["typing_indicator"] is { } typing && typing["type"]?.GetValue<string>() != "text")
        {
            return GraphResult.Error(GraphErrors.InvalidValue("Param typing_indicator['type'] must be text."));
        }

        return GraphResult.Success();
    }

    private static Pricing PricingFor(SimTemplate? template, bool windowOpen)
    {
        if (template is null) return new Pricing(false, "free_customer_service", "service");
        var category = template.Category.ToLowerInvariant();
        return category == "utility" && windowOpen
            ? new Pricing(false, "free_customer_service", "utility")
            : new Pricing(true, "regular", category);
    }
}
