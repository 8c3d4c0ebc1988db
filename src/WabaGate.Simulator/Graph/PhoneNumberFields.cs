using System.Globalization;
using System.Text.Json.Nodes;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Wire;

namespace WabaGate.Simulator.Graph;

/// <summary>Renders a phone-number node with the requested <c>fields</c> (§2.2).</summary>
internal static class PhoneNumberFields
{
    private static readonly string[] Defaults =
        ["verified_name", "code_verification_status", "display_phone_number", "quality_rating", "platform_type", "throughput", "webhook_configuration", "last_onboarded_time", "id"];

    private static readonly HashSet<string> Known = new(StringComparer.Ordinal)
    {
        "id", "display_phone_number", "verified_name", "quality_rating", "code_verification_status", "status", "platform_type",
        "throughput", "name_status", "account_mode", "is_pin_enabled", "messaging_limit_tier", "whatsapp_business_manager_messaging_limit",
        "last_onboarded_time", "webhook_configuration", "is_official_business_account", "is_on_biz_app", "search_visibility", "new_name_status",
    };

    public static (List<string>? Fields, GraphError? Error) Parse(string? fields)
    {
        if (string.IsNullOrWhiteSpace(fields)) return ([.. Defaults], null);
        var list = new List<string>();
        foreach (var raw in SplitTopLevel(fields))
        {
            var name = raw.Split('{')[0].Trim();
            if (name.Length == 0) continue;
            if (!Known.Contains(name)) return (null, GraphErrors.NonexistingField(name, "WhatsAppBusinessPhoneNumber"));
            list.Add(name);
        }

        if (!list.Contains("id")) list.Add("id");
        return (list, null);
    }

    public static JsonObject Render(SimPhoneNumber phone, SimWaba? waba, IEnumerable<string> fields, SimulatorOptions options)
    {
        var o = new JsonObject();
        foreach (var field in fields)
        {
            o[field] = field switch
            {
                "id" => phone.Id,
                "display_phone_number" => phone.DisplayPhoneNumber,
                "verified_name" => phone.VerifiedName,
                "quality_rating" => phone.QualityRating,
                "code_verification_status" => phone.CodeVerificationStatus,
                "status" => phone.Registered ? "CONNECTED" : "PENDING",
                "platform_type" => phone.Registered ? "CLOUD_API" : "NOT_APPLICABLE",
                "throughput" => new JsonObject { ["level"] = phone.Registered ? phone.ThroughputLevel : "NOT_APPLICABLE" },
                "name_status" or "new_name_status" => phone.NameStatus,
                "account_mode" => "LIVE",
                "is_pin_enabled" => phone.Pin is not null,
                "messaging_limit_tier" or "whatsapp_business_manager_messaging_limit" => phone.MessagingLimit,
                "last_onboarded_time" => phone.LastOnboardedTime.ToString("yyyy-MM-dd'T'HH:mm:ss+0000", CultureInfo.InvariantCulture),
                "webhook_configuration" => WebhookConfiguration(phone, waba, options),
                "is_official_business_account" or "is_on_biz_app" => false,
                "search_visibility" => "VISIBLE",
                _ => null,
            };
        }

        return o;
    }

    public static JsonObject WebhookConfiguration(SimPhoneNumber phone, SimWaba? waba, SimulatorOptions options)
    {
        var o = new JsonObject();
        if (!string.IsNullOrEmpty(phone.OverrideCallbackUri)) o["phone_number"] = phone.OverrideCallbackUri;
        if (!string.IsNullOrEmpty(waba?.OverrideCallbackUri)) o["whatsapp_business_account"] = waba.OverrideCallbackUri;
        if (!string.IsNullOrEmpty(options.WebhookCallbackUrl)) o["application"] = options.WebhookCallbackUrl;
        return o;
    }

    private static IEnumerable<string> SplitTopLevel(string fields)
    {
        var depth = 0;
        var start = 0;
        for (var i = 0; i < fields.Length; i++)
        {
            if (fields[i] == '{') depth++;
            else if (fields[i] == '}') depth--;
            else if (fields[i] == ',' && depth == 0)
            {
                yield return fields[start..i];
                start = i + 1;
            }
        }

        yield return fields[start..];
    }
}
