using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Webhooks;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Graph;

/// <summary>
/// <c>GET|POST|DELETE /{id}</c>: one route for every node kind (phone number, media, template, WABA, business),
/// dispatched by what the id names, like Graph does.
/// </summary>
internal static class NodeEndpoints
{
    public static void Map(RouteGroupBuilder graph)
    {
        graph.MapGet("/{id}", Get).WithMetadata(new GraphOperation("node"));
        graph.MapPost("/{id}", Post).WithMetadata(new GraphOperation("node"));
        graph.MapDelete("/{id}", Delete).WithMetadata(new GraphOperation("node"));
        graph.Map("/{**path}", (string path) => GraphResult.Error(GraphErrors.UnknownPath("/" + path))).WithMetadata(new GraphOperation("unknown"));
    }

    private static IResult Get(HttpContext http, SimulatorState state, string id)
    {
        var graph = GraphContext.Get(http);
        if (PhoneNumberEndpoints.AccessiblePhone(http, state, id) is { } phone)
        {
            var (fields, error) = PhoneNumberFields.Parse(graph.Params.Str("fields"));
            if (error is not null) return GraphResult.Error(error);
            lock (state.Gate) return GraphResult.Ok(PhoneNumberFields.Render(phone, state.FindWaba(phone.WabaId), fields!, state.Options));
        }

        if (MediaEndpoints.Accessible(http, state, id) is { } media) return MediaEndpoints.Metadata(http, state, media);
        if (state.FindTemplate(id) is { } template && graph.CanAccessWaba(template.WabaId))
        {
            lock (state.Gate) return GraphResult.Ok(Pick(TemplateEndpoints.Render(template), graph.Params.Str("fields")));
        }

        if (PhoneNumberEndpoints.AccessibleWaba(http, state, id) is { } waba)
        {
            return GraphResult.Ok(Pick(new JsonObject
            {
                ["id"] = waba.Id,
                ["name"] = waba.Name,
                ["currency"] = "USD",
                ["timezone_id"] = "1",
                ["message_template_namespace"] = waba.TemplateNamespace,
                ["owner_business_info"] = new JsonObject { ["name"] = state.FindBusiness(waba.BusinessId)?.Name, ["id"] = waba.BusinessId },
            }, graph.Params.Str("fields")));
        }

        if (state.FindBusiness(id) is { } business && graph.Token?.BusinessId == business.Id)
        {
            return GraphResult.Ok(new JsonObject { ["id"] = business.Id, ["name"] = business.Name });
        }

        return GraphResult.Error(GraphErrors.ObjectNotFound(id));
    }

    private static async Task<IResult> Post(HttpContext http, SimulatorState state, CallbackVerifier verifier, string id)
    {
        var graph = GraphContext.Get(http);
        if (PhoneNumberEndpoints.AccessiblePhone(http, state, id) is { } phone)
        {
            var p = graph.Params;
            if (p["webhook_configuration"] is JsonObject config) return await SetPhoneOverrideAsync(http, state, verifier, phone, config);
            var pin = p.Str("pin");
            if (pin is null) return GraphResult.Error(GraphErrors.InvalidParameter("The parameter pin is required."));
            if (!PhoneNumberEndpoints.IsPin(pin)) return GraphResult.Error(GraphErrors.InvalidParameter("Param pin must be 6 digits."));
            lock (state.Gate) phone.Pin = pin;
            return GraphResult.Success();
        }

        if (state.FindTemplate(id) is { } template && graph.CanAccessWaba(template.WabaId)) return TemplateEndpoints.Edit(http, state, template);
        return GraphResult.Error(GraphErrors.ObjectNotFound(id, "post"));
    }

    private static async Task<IResult> SetPhoneOverrideAsync(HttpContext http, SimulatorState state, CallbackVerifier verifier, SimPhoneNumber phone, JsonObject config)
    {
        var uri = config.Str("override_callback_uri");
        if (string.IsNullOrEmpty(uri))
        {
            lock (state.Gate) phone.OverrideCallbackUri = null;
            return GraphResult.Success();
        }

        if (state.FindWaba(phone.WabaId) is not { AppSubscribed: true }) return GraphResult.Error(SubscribedAppsEndpoints.NotSubscribed());
        var error = await SubscribedAppsEndpoints.ValidateOverrideAsync(uri, config.Str("verify_token"), verifier, http.RequestAborted);
        if (error is not null) return GraphResult.Error(error);
        lock (state.Gate) phone.OverrideCallbackUri = uri;
        return GraphResult.Success();
    }

    private static GraphResult Delete(HttpContext http, SimulatorState state, string id)
    {
        if (MediaEndpoints.Accessible(http, state, id) is { } media)
        {
            state.RemoveMedia(media.Id);
            return GraphResult.Success();
        }

        return GraphResult.Error(GraphErrors.ObjectNotFound(id, "delete"));
    }

    private static JsonObject Pick(JsonObject all, string? fields)
    {
        if (string.IsNullOrWhiteSpace(fields)) return all;
        var result = new JsonObject();
        foreach (var field in fields.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var name = field.Split('{')[0];
            if (all[name] is { } value) result[name] = value.DeepClone();
        }

        result["id"] = all["id"]?.DeepClone();
        return result;
    }
}
