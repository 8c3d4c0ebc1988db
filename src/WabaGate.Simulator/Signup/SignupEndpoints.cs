using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WabaGate.Simulator.Graph;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Webhooks;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Signup;

/// <summary><c>GET sdk.js</c>, the dialog page <c>GET dialog/oauth</c> and the dialog's <c>POST dialog/complete</c>.</summary>
internal static class SignupEndpoints
{
    public static void Map(IEndpointRouteBuilder root)
    {
        root.MapGet("/sdk.js", Sdk);
        root.MapGet("/dialog/oauth", Dialog);
        root.MapPost("/dialog/complete", Complete).DisableAntiforgery();
    }

    private static IResult Sdk(HttpContext http, SimulatorState state)
    {
        // Meta's snippet loads the SDK with crossorigin="anonymous" from another origin: without this CORS header
        // (connect.facebook.net sends it too) the browser refuses the script.
        http.Response.Headers.AccessControlAllowOrigin = "*";
        return Results.Text(SdkScript.Render(SimulatorUrls.Root(http, state.Options), state.Options.AppId), "application/javascript; charset=utf-8");
    }

    private static IResult Dialog(HttpContext http, SimulatorState state)
    {
        var q = http.Request.Query;
        var options = state.Options;
        JsonNode? extras = null;
        try
        {
            extras = q["extras"].ToString() is { Length: > 0 } e ? JsonNode.Parse(e) : null;
        }
        catch (System.Text.Json.JsonException)
        {
            extras = null;
        }

        var appId = q["app_id"].ToString() is { Length: > 0 } a ? a : q["client_id"].ToString();
        var config = new JsonObject
        {
            ["root"] = SimulatorUrls.Root(http, options),
            ["appId"] = appId,
            ["appName"] = options.AppName,
            ["appIdMismatch"] = appId != options.AppId,
            ["origin"] = q["origin"].ToString() is { Length: > 0 } o ? o : null,
            ["redirectUri"] = q["redirect_uri"].ToString() is { Length: > 0 } r ? r : null,
            ["state"] = q["state"].ToString() is { Length: > 0 } s ? s : null,
            ["extras"] = extras,
            ["suggestedPhone"] = "+1 555 01" + Random.Shared.Next(10_000, 99_999).ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        http.Response.Headers.CacheControl = "no-store";
        return Results.Content(DialogPage.Render(MetaJson.Serialize(config)), "text/html; charset=utf-8");
    }

    private static IResult Complete(DialogCompletion body, SimulatorState state, WebhookDispatcher dispatcher)
    {
        if (body.AppId != state.Options.AppId) return Results.BadRequest(new { code = "invalid_app_id" });
        var digits = new string([.. (body.PhoneNumber ?? "").Where(char.IsAsciiDigit)]);
        var result = state.Provision(body.BusinessName, body.WabaName, body.OnlyWaba ? 0 : 1, body.VerifiedName, digits.Length is >= 8 and <= 15 ? digits : null, body.RedirectUri);
        SignupNotifier.Completed(state, dispatcher, result);
        return Results.Ok(new { result.Code, result.WabaId, result.PhoneNumberIds, result.BusinessId });
    }
}

/// <summary>What the dialog posts when the user confirms.</summary>
internal sealed record DialogCompletion(string? AppId, string? BusinessName, string? WabaName, string? VerifiedName, string? PhoneNumber, bool OnlyWaba, string? RedirectUri);
