using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Graph;

/// <summary><c>/oauth/access_token</c> (code exchange, app token), <c>/debug_token</c> and <c>/me</c>.</summary>
internal static class OAuthEndpoints
{
    public static void Map(RouteGroupBuilder graph)
    {
        graph.MapMethods("/oauth/access_token", ["GET", "POST"], Exchange).WithMetadata(new GraphOperation("oauth", Anonymous: true));
        graph.MapGet("/debug_token", DebugToken).WithMetadata(new GraphOperation("debug_token"));
        graph.MapGet("/me", Me).WithMetadata(new GraphOperation("me"));
    }

    private static GraphResult Exchange(HttpContext http, SimulatorState state)
    {
        var p = GraphContext.Get(http).Params;
        var options = state.Options;
        if (p.Str("client_id") != options.AppId) return GraphResult.Error(GraphErrors.InvalidAppId());
        if (p.Str("client_secret") != options.AppSecret) return GraphResult.Error(GraphErrors.InvalidClientSecret());
        if (p.Str("grant_type") == "client_credentials")
        {
            return GraphResult.Ok(new JsonObject { ["access_token"] = options.AppId + "|" + options.AppSecret, ["token_type"] = "bearer" });
        }

        var codeValue = p.Str("code");
        if (string.IsNullOrEmpty(codeValue)) return GraphResult.Error(new GraphError(100, "Missing authorization code"));
        SimToken token;
        lock (state.Gate)
        {
            var code = state.FindCode(codeValue);
            if (code is null) return GraphResult.Error(GraphErrors.CodeInvalid());
            if (code.Used) return GraphResult.Error(GraphErrors.CodeUsed());
            if (code.ExpiresAt <= state.Now) return GraphResult.Error(GraphErrors.CodeExpired());
            var redirect = p.Str("redirect_uri");
            if (!string.IsNullOrEmpty(redirect) && redirect != code.RedirectUri) return GraphResult.Error(GraphErrors.RedirectUriMismatch());
            code.Used = true;
            token = state.AddToken(code.BusinessId, code.WabaIds);
        }

        var body = new JsonObject { ["access_token"] = token.Value, ["token_type"] = "bearer" };
        if (token.ExpiresAt is { } expires) body["expires_in"] = (long)(expires - state.Now).TotalSeconds;
        return GraphResult.Ok(body);
    }

    private static GraphResult DebugToken(HttpContext http, SimulatorState state)
    {
        var options = state.Options;
        var input = GraphContext.Get(http).Params.Str("input_token");
        if (string.IsNullOrEmpty(input)) return GraphResult.Error(new GraphError(100, "(#100) The parameter input_token is required"));
        if (input == options.AppId + "|" + options.AppSecret)
        {
            return GraphResult.Ok(new JsonObject
            {
                ["data"] = new JsonObject { ["app_id"] = options.AppId, ["type"] = "APP", ["application"] = options.AppName, ["is_valid"] = true, ["scopes"] = new JsonArray() },
            });
        }

        var token = state.FindToken(input);
        if (token is null)
        {
            return GraphResult.Ok(new JsonObject
            {
                ["data"] = new JsonObject
                {
                    ["error"] = new JsonObject { ["code"] = 190, ["message"] = "Invalid OAuth access token - Cannot parse access token" },
                    ["is_valid"] = false,
                    ["scopes"] = new JsonArray(),
                },
            });
        }

        var expired = token.ExpiresAt is { } e && e <= state.Now;
        var data = new JsonObject
        {
            ["app_id"] = options.AppId,
            ["type"] = token.Type,
            ["application"] = options.AppName,
            ["data_access_expires_at"] = 0,
            ["expires_at"] = token.ExpiresAt?.ToUnixTimeSeconds() ?? 0,
            ["is_valid"] = !expired && !token.Revoked,
            ["issued_at"] = token.IssuedAt.ToUnixTimeSeconds(),
        };
        if (token.Revoked)
        {
            data["error"] = new JsonObject { ["code"] = 190, ["message"] = "Error validating access token: The user has not authorized application.", ["subcode"] = 458 };
        }
        else if (expired)
        {
            data["error"] = new JsonObject { ["code"] = 190, ["message"] = "Error validating access token: Session has expired.", ["subcode"] = 463 };
        }

        data["scopes"] = new JsonArray("whatsapp_business_management", "whatsapp_business_messaging", "business_management");
        data["granular_scopes"] = new JsonArray(
            Scope("whatsapp_business_management", token.WabaIds),
            Scope("whatsapp_business_messaging", token.WabaIds),
            Scope("business_management", [token.BusinessId]));
        data["user_id"] = token.UserId;
        return GraphResult.Ok(new JsonObject { ["data"] = data });
    }

    private static JsonObject Scope(string scope, IEnumerable<string> targets) =>
        new() { ["scope"] = scope, ["target_ids"] = new JsonArray([.. targets.Select(t => (JsonNode)t)]) };

    private static GraphResult Me(HttpContext http, SimulatorState state)
    {
        var graph = GraphContext.Get(http);
        if (graph.Token is not { } token) return GraphResult.Error(GraphErrors.NoToken());
        var fields = graph.Params.Str("fields") ?? "";
        var body = new JsonObject();
        if (fields.Contains("client_business_id", StringComparison.Ordinal)) body["client_business_id"] = token.BusinessId;
        else body["name"] = state.FindBusiness(token.BusinessId)?.Name + " System User";
        body["id"] = token.UserId;
        return GraphResult.Ok(body);
    }
}
