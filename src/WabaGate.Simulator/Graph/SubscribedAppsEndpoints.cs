using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Webhooks;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Graph;

/// <summary>
/// <c>GET|POST|DELETE /{waba}/subscribed_apps</c>. An override callback needs a prior subscription
/// (field lesson 1) and passes Meta's GET verification handshake before it is saved.
/// </summary>
internal static class SubscribedAppsEndpoints
{
    public static void Map(RouteGroupBuilder graph)
    {
        graph.MapGet("/{id}/subscribed_apps", Get).WithMetadata(new GraphOperation("subscribed_apps"));
        graph.MapPost("/{id}/subscribed_apps", Post).WithMetadata(new GraphOperation("subscribed_apps"));
        graph.MapDelete("/{id}/subscribed_apps", Delete).WithMetadata(new GraphOperation("subscribed_apps"));
    }

    public static GraphError NotSubscribed() => new(100,
        "(#100) Before override the current callback uri, your app must be subscribed to receive messages for WhatsApp Business Account");

    private static GraphResult Get(HttpContext http, SimulatorState state, string id)
    {
        if (PhoneNumberEndpoints.AccessibleWaba(http, state, id) is not { } waba) return GraphResult.Error(GraphErrors.ObjectNotFound(id));
        var data = new JsonArray();
        if (waba.AppSubscribed)
        {
            var options = state.Options;
            var app = new JsonObject
            {
                ["whatsapp_business_api_data"] = new JsonObject
                {
                    ["id"] = options.AppId,
                    ["link"] = "https://www.facebook.com/games/?app_id=" + options.AppId,
                    ["name"] = options.AppName,
                },
            };
            if (!string.IsNullOrEmpty(waba.OverrideCallbackUri)) app["override_callback_uri"] = waba.OverrideCallbackUri;
            data.Add(app);
        }

        return GraphResult.Ok(new JsonObject { ["data"] = data });
    }

    private static async Task<IResult> Post(HttpContext http, SimulatorState state, CallbackVerifier verifier, string id)
    {
        if (PhoneNumberEndpoints.AccessibleWaba(http, state, id) is not { } waba) return GraphResult.Error(GraphErrors.ObjectNotFound(id, "post"));
        var p = GraphContext.Get(http).Params;
        var uri = p.Str("override_callback_uri");
        if (string.IsNullOrEmpty(uri))
        {
            lock (state.Gate)
            {
                waba.AppSubscribed = true;
                waba.OverrideCallbackUri = null;
            }

            return GraphResult.Success();
        }

        if (!waba.AppSubscribed) return GraphResult.Error(NotSubscribed());
        var error = await ValidateOverrideAsync(uri, p.Str("verify_token"), verifier, http.RequestAborted);
        if (error is not null) return GraphResult.Error(error);
        lock (state.Gate) waba.OverrideCallbackUri = uri;
        return GraphResult.Success();
    }

    public static async Task<GraphError?> ValidateOverrideAsync(string uri, string? verifyToken, CallbackVerifier verifier, CancellationToken ct)
    {
        if (uri.Length > 200) return new GraphError(100, "(#100) Param override_callback_uri must be at most 200 characters long.");
        if (string.IsNullOrEmpty(verifyToken)) return new GraphError(100, "(#100) The parameter verify_token is required.");
        var failure = await verifier.VerifyAsync(uri, verifyToken, ct);
        return failure is null ? null : new GraphError(2200, "(#2200) " + failure);
    }

    private static GraphResult Delete(HttpContext http, SimulatorState state, string id)
    {
        if (PhoneNumberEndpoints.AccessibleWaba(http, state, id) is not { } waba) return GraphResult.Error(GraphErrors.ObjectNotFound(id, "delete"));
        lock (state.Gate)
        {
            waba.AppSubscribed = false;
            waba.OverrideCallbackUri = null;
        }

        return GraphResult.Success();
    }
}
