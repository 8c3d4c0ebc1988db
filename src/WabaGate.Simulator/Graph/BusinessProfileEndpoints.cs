using System.Net.Mail;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Graph;

/// <summary><c>GET|POST /{phone}/whatsapp_business_profile</c> with Meta's field rules (§10).</summary>
internal static class BusinessProfileEndpoints
{
    private static readonly HashSet<string> Verticals = new(StringComparer.Ordinal)
    {
        "", "ALCOHOL", "APPAREL", "AUTO", "BEAUTY", "EDU", "ENTERTAIN", "EVENT_PLAN", "FINANCE", "GOVT", "GROCERY", "HEALTH", "HOTEL",
        "NONPROFIT", "ONLINE_GAMBLING", "OTC_DRUGS", "OTHER", "PHYSICAL_GAMBLING", "PROF_SERVICES", "RESTAURANT", "RETAIL", "TRAVEL", "UNDEFINED", "NOT_A_BIZ",
    };

    private static readonly string[] Fields = ["about", "address", "description", "email", "profile_picture_url", "websites", "vertical"];

    public static void Map(RouteGroupBuilder graph)
    {
        graph.MapGet("/{id}/whatsapp_business_profile", Get).WithMetadata(new GraphOperation("whatsapp_business_profile"));
        graph.MapPost("/{id}/whatsapp_business_profile", Post).WithMetadata(new GraphOperation("whatsapp_business_profile"));
    }

    private static GraphResult Get(HttpContext http, SimulatorState state, string id)
    {
        if (PhoneNumberEndpoints.AccessiblePhone(http, state, id) is not { } phone) return GraphResult.Error(GraphErrors.ObjectNotFound(id));
        var requested = GraphContext.Get(http).Params.Str("fields")?.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries) ?? Fields;
        var profile = new JsonObject();
        lock (state.Gate)
        {
            foreach (var field in requested)
            {
                if (!Fields.Contains(field) && field != "messaging_product") return GraphResult.Error(GraphErrors.NonexistingField(field, "WhatsAppBusinessProfile"));
                if (phone.BusinessProfile[field] is { } value) profile[field] = value.DeepClone();
            }

            profile["messaging_product"] = "whatsapp";
        }

        return GraphResult.Ok(new JsonObject { ["data"] = new JsonArray(profile) });
    }

    private static GraphResult Post(HttpContext http, SimulatorState state, string id)
    {
        if (PhoneNumberEndpoints.AccessiblePhone(http, state, id) is not { } phone) return GraphResult.Error(GraphErrors.ObjectNotFound(id, "post"));
        var p = GraphContext.Get(http).Params;
        if (p.Str("messaging_product") != "whatsapp") return GraphResult.Error(GraphErrors.InvalidParameter("The parameter messaging_product is required and must be whatsapp."));
        if (Validate(p) is { } error) return GraphResult.Error(GraphErrors.InvalidParameter(error));
        lock (state.Gate)
        {
            foreach (var field in (string[])["about", "address", "description", "email", "vertical", "websites"])
            {
                if (p[field] is { } value) phone.BusinessProfile[field] = value.DeepClone();
            }

            if (p.Str("profile_picture_handle") is { Length: > 0 } handle)
            {
                phone.BusinessProfile["profile_picture_url"] = "https://pps.whatsapp.net/v/sim/" + Uri.EscapeDataString(handle[..Math.Min(16, handle.Length)]) + ".jpg";
            }
        }

        return GraphResult.Success();
    }

    private static string? Validate(JsonObject p)
    {
        if (p.ContainsKey("about") && p.Str("about") is not { Length: >= 1 and <= 139 }) return "Param about must be between 1 and 139 characters.";
        if (p.Str("address") is { Length: > 256 }) return "Param address must be at most 256 characters.";
        if (p.Str("description") is { Length: > 512 }) return "Param description must be at most 512 characters.";
        if (p.Str("email") is { } email && (email.Length > 128 || !MailAddress.TryCreate(email, out _))) return "Param email must be a valid email address.";
        if (p.Str("vertical") is { } vertical && !Verticals.Contains(vertical)) return "Param vertical must be one of the supported verticals.";
        if (p["websites"] is { } websites)
        {
            if (websites is not JsonArray list || list.Count > 2) return "Param websites must be an array of at most 2 URLs.";
            foreach (var site in list)
            {
                var url = site?.GetValue<string>() ?? "";
                if (url.Length > 256 || !(url.StartsWith("http://", StringComparison.Ordinal) || url.StartsWith("https://", StringComparison.Ordinal)))
                {
                    return "Param websites must contain URLs that start with http:// or https://.";
                }
            }
        }

        return null;
    }
}
