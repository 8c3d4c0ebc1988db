namespace WabaGate.Graph.Messages;

/// <summary>
/// One template parameter. Set <see cref="ParameterName"/> for named-parameter templates; positional
/// templates take parameters in <c>{{1}}, {{2}}…</c> order.
/// </summary>
public sealed record TemplateParameter
{
    public required string Type { get; init; }
    public string? ParameterName { get; init; }
    public string? Text { get; init; }
    public TemplateCurrency? Currency { get; init; }
    public TemplateDateTime? DateTime { get; init; }
    public MediaContent? Image { get; init; }
    public MediaContent? Video { get; init; }
    public MediaContent? Document { get; init; }
    public LocationContent? Location { get; init; }

    /// <summary>Quick-reply button payload.</summary>
    public string? Payload { get; init; }

    /// <summary>Copy-code button value.</summary>
    public string? CouponCode { get; init; }

    /// <summary>Flow button action, kept as Meta's JSON.</summary>
    public System.Text.Json.JsonElement? Action { get; init; }

    public static TemplateParameter FromText(string text, string? parameterName = null) => new() { Type = "text", Text = text, ParameterName = parameterName };
    public static TemplateParameter FromCurrency(string fallbackValue, string code, long amount1000) => new() { Type = "currency", Currency = new(fallbackValue, code, amount1000) };
    public static TemplateParameter FromDateTime(string fallbackValue) => new() { Type = "date_time", DateTime = new(fallbackValue) };
    public static TemplateParameter FromImage(MediaContent image) => new() { Type = "image", Image = image };
    public static TemplateParameter FromVideo(MediaContent video) => new() { Type = "video", Video = video };
    public static TemplateParameter FromDocument(MediaContent document) => new() { Type = "document", Document = document };
    public static TemplateParameter FromLocation(LocationContent location) => new() { Type = "location", Location = location };
    public static TemplateParameter FromPayload(string payload) => new() { Type = "payload", Payload = payload };
    public static TemplateParameter FromCouponCode(string code) => new() { Type = "coupon_code", CouponCode = code };
}

/// <summary>A currency parameter; <see cref="Amount1000"/> is the amount times 1000.</summary>
public sealed record TemplateCurrency(
    string FallbackValue,
    string Code,
    [property: System.Text.Json.Serialization.JsonPropertyName("amount_1000")] long Amount1000);

/// <summary>A date/time parameter (Meta renders the fallback value).</summary>
public sealed record TemplateDateTime(string FallbackValue);
