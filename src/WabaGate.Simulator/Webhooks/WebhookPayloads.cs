using System.Globalization;
using System.Text.Json.Nodes;
using WabaGate.Simulator.State;

namespace WabaGate.Simulator.Webhooks;

/// <summary>Builds webhook changes in Meta's shapes (§5 of the reference).</summary>
internal static class WebhookPayloads
{
    public static JsonObject Envelope(IEnumerable<WebhookEvent> events)
    {
        var entries = new JsonArray();
        var byId = new Dictionary<string, JsonArray>(StringComparer.Ordinal);
        foreach (var e in events)
        {
            if (!byId.TryGetValue(e.EntryId, out var changes))
            {
                changes = [];
                var entry = new JsonObject { ["id"] = e.EntryId };
                if (e.Time is { } time) entry["time"] = time;
                entry["changes"] = changes;
                entries.Add(entry);
                byId[e.EntryId] = changes;
            }

            changes.Add(new JsonObject { ["value"] = e.Value.DeepClone(), ["field"] = e.Field });
        }

        return new JsonObject { ["object"] = "whatsapp_business_account", ["entry"] = entries };
    }

    public static string Unix(DateTimeOffset at) => at.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    public static JsonObject Metadata(SimPhoneNumber phone) =>
        new() { ["display_phone_number"] = phone.Digits, ["phone_number_id"] = phone.Id };

    public static WebhookEvent Inbound(SimPhoneNumber phone, SimCustomer customer, JsonObject message)
    {
        var value = new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = Metadata(phone),
            ["contacts"] = new JsonArray(new JsonObject
            {
                ["profile"] = new JsonObject { ["name"] = customer.ProfileName },
                ["wa_id"] = customer.WaId,
            }),
            ["messages"] = new JsonArray(message),
        };
        return new WebhookEvent(phone.WabaId, phone.WabaId, "messages", value, phone.Id);
    }

    public static WebhookEvent Status(SimPhoneNumber phone, JsonObject status) =>
        new(phone.WabaId, phone.WabaId, "messages", new JsonObject
        {
            ["messaging_product"] = "whatsapp",
            ["metadata"] = Metadata(phone),
            ["statuses"] = new JsonArray(status),
        }, phone.Id);

    public static WebhookEvent TemplateStatus(SimTemplate template, string status, string? reason, DateTimeOffset now)
    {
        var value = new JsonObject
        {
            ["event"] = status,
            ["message_template_id"] = long.Parse(template.Id, CultureInfo.InvariantCulture),
            ["message_template_name"] = template.Name,
            ["message_template_language"] = template.Language,
            ["reason"] = reason ?? (status == "REJECTED" ? "INVALID_FORMAT" : "NONE"),
            ["message_template_category"] = template.Category,
        };
        if (status == "REJECTED")
        {
            value["rejection_info"] = new JsonObject
            {
                ["reason"] = reason ?? "The template was rejected by the simulated review.",
                ["recommendation"] = "Edit the template and submit it again.",
            };
        }

        if (status == "PAUSED")
        {
            value["other_info"] = new JsonObject { ["title"] = "FIRST_PAUSE", ["description"] = "Paused by the simulated review." };
        }

        return new WebhookEvent(template.WabaId, template.WabaId, "message_template_status_update", value, Time: now.ToUnixTimeSeconds());
    }

    public static WebhookEvent AccountUpdate(SimWaba waba, string eventName, JsonObject? extra, DateTimeOffset now)
    {
        var value = new JsonObject { ["event"] = eventName };
        if (eventName.StartsWith("PARTNER_", StringComparison.Ordinal))
        {
            value["waba_info"] = new JsonObject { ["waba_id"] = waba.Id, ["owner_business_id"] = waba.BusinessId };
        }

        foreach (var (key, node) in extra ?? []) value[key] = node?.DeepClone();
        return new WebhookEvent(waba.Id, waba.Id, "account_update", value, Time: now.ToUnixTimeSeconds(),
            AppLevel: eventName.StartsWith("PARTNER_", StringComparison.Ordinal));
    }

    public static WebhookEvent Quality(SimPhoneNumber phone, string eventName, string oldLimit, DateTimeOffset now) =>
        new(phone.WabaId, phone.WabaId, "phone_number_quality_update", new JsonObject
        {
            ["display_phone_number"] = phone.Digits,
            ["event"] = eventName,
            ["current_limit"] = phone.MessagingLimit,
            ["old_limit"] = oldLimit,
            ["max_daily_conversations_per_business"] = phone.MessagingLimit,
        }, Time: now.ToUnixTimeSeconds());

    public static JsonObject WebhookError(int code, string title, string details) => new()
    {
        ["code"] = code,
        ["title"] = title,
        ["message"] = title,
        ["error_data"] = new JsonObject { ["details"] = details },
        ["href"] = "https://developers.facebook.com/docs/whatsapp/cloud-api/support/error-codes/",
    };
}
