using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using WabaGate.Graph.Json;

namespace WabaGate.Graph.Webhooks;

/// <summary>
/// Parses a webhook POST body into a <see cref="WebhookDelivery"/>. The body is read once; each change value is
/// then materialized with source-generated metadata for its field. Every entry and change is kept; unknown fields
/// and unknown members are preserved, and a change that cannot be typed becomes an <see cref="UnknownChangeValue"/>
/// rather than failing the delivery. Only a body that is not JSON, or not Meta's envelope, throws
/// <see cref="WebhookParseException"/>.
/// </summary>
public static class WebhookParser
{
    private const int MaxDepth = 64;

    /// <summary>Parses the raw UTF-8 body (the same bytes whose signature was checked).</summary>
    public static WebhookDelivery Parse(ReadOnlySpan<byte> body)
    {
        var root = ReadRoot(body);
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookParseException($"A webhook body must be a JSON object, not {root.ValueKind}.");
        }

        var obj = root.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.String ? o.GetString() : null;
        if (!root.TryGetProperty("entry", out var entries) || entries.ValueKind != JsonValueKind.Array)
        {
            throw new WebhookParseException("A webhook body must have an \"entry\" array.");
        }

        var list = new List<WebhookEntry>(entries.GetArrayLength());
        foreach (var entry in entries.EnumerateArray())
        {
            list.Add(ParseEntry(entry));
        }

        return new WebhookDelivery(obj, list);
    }

    /// <summary>Parses a body held as a string.</summary>
    public static WebhookDelivery Parse(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        return Parse(Encoding.UTF8.GetBytes(body));
    }

    /// <summary>Parses without throwing; <paramref name="error"/> says why a body was rejected.</summary>
    public static bool TryParse(ReadOnlySpan<byte> body, [NotNullWhen(true)] out WebhookDelivery? delivery, [NotNullWhen(false)] out string? error)
    {
        try
        {
            delivery = Parse(body);
            error = null;
            return true;
        }
        catch (WebhookParseException ex)
        {
            delivery = null;
            error = ex.Message;
            return false;
        }
    }

    /// <summary>Types one change value by its field; unknown fields and unreadable values stay raw.</summary>
    public static WebhookChange ParseChange(string field, JsonElement value)
    {
        var typeInfo = TypeFor(field);
        if (typeInfo is null)
        {
            return new WebhookChange(field, new UnknownChangeValue(value), value);
        }

        if (value.ValueKind != JsonValueKind.Object)
        {
            return new WebhookChange(field, new UnknownChangeValue(value), value) { ParseError = $"The value is {value.ValueKind}, not an object." };
        }

        try
        {
            var typed = (WebhookChangeValue?)value.Deserialize(typeInfo);
            return new WebhookChange(field, typed ?? new UnknownChangeValue(value), value);
        }
        catch (JsonException ex)
        {
            return new WebhookChange(field, new UnknownChangeValue(value), value) { ParseError = ex.Message };
        }
    }

    private static JsonElement ReadRoot(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxDepth });
            var root = JsonElement.ParseValue(ref reader);
            if (reader.Read())
            {
                throw new WebhookParseException("The webhook body has content after the JSON value.");
            }

            return root;
        }
        catch (JsonException ex)
        {
            throw new WebhookParseException($"The webhook body is not valid JSON: {ex.Message}", ex);
        }
    }

    private static WebhookEntry ParseEntry(JsonElement entry)
    {
        if (entry.ValueKind != JsonValueKind.Object)
        {
            throw new WebhookParseException("Every webhook entry must be a JSON object.");
        }

        var id = entry.TryGetProperty("id", out var i) ? AsString(i) : null;
        long? time = entry.TryGetProperty("time", out var t) ? AsLong(t) : null;
        var changes = new List<WebhookChange>();
        if (entry.TryGetProperty("changes", out var cs) && cs.ValueKind == JsonValueKind.Array)
        {
            foreach (var change in cs.EnumerateArray())
            {
                var field = change.ValueKind == JsonValueKind.Object && change.TryGetProperty("field", out var f) ? AsString(f) ?? "" : "";
                var value = change.ValueKind == JsonValueKind.Object && change.TryGetProperty("value", out var v) ? v : default;
                changes.Add(ParseChange(field, value));
            }
        }

        return new WebhookEntry(id, time, changes);
    }

    private static JsonTypeInfo? TypeFor(string field) => field switch
    {
        WebhookFields.Messages => GraphJsonContext.Default.MessagesValue,
        WebhookFields.MessageTemplateStatusUpdate => GraphJsonContext.Default.TemplateStatusUpdate,
        WebhookFields.MessageTemplateQualityUpdate => GraphJsonContext.Default.TemplateQualityUpdate,
        WebhookFields.MessageTemplateComponentsUpdate => GraphJsonContext.Default.TemplateComponentsUpdate,
        WebhookFields.TemplateCategoryUpdate => GraphJsonContext.Default.TemplateCategoryUpdate,
        WebhookFields.PhoneNumberQualityUpdate => GraphJsonContext.Default.PhoneNumberQualityUpdate,
        WebhookFields.PhoneNumberNameUpdate => GraphJsonContext.Default.PhoneNumberNameUpdate,
        WebhookFields.AccountUpdate => GraphJsonContext.Default.AccountUpdate,
        WebhookFields.AccountReviewUpdate => GraphJsonContext.Default.AccountReviewUpdate,
        WebhookFields.BusinessCapabilityUpdate => GraphJsonContext.Default.BusinessCapabilityUpdate,
        WebhookFields.Security => GraphJsonContext.Default.SecurityUpdate,
        WebhookFields.UserPreferences => GraphJsonContext.Default.UserPreferencesValue,
        WebhookFields.SmbMessageEchoes => GraphJsonContext.Default.MessageEchoesValue,
        WebhookFields.History => GraphJsonContext.Default.HistoryValue,
        WebhookFields.SmbAppStateSync => GraphJsonContext.Default.SmbAppStateSyncValue,
        _ => null,
    };

    private static string? AsString(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => e.GetString(),
        JsonValueKind.Number => e.GetRawText(),
        _ => null,
    };

    private static long? AsLong(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Number when e.TryGetInt64(out var l) => l,
        JsonValueKind.String when long.TryParse(e.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var l) => l,
        _ => null,
    };
}
