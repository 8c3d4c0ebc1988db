using System.Text.Json;
using System.Text.Json.Serialization;

namespace WabaGate.Graph.Onboarding;

/// <summary>A business phone number node (<c>GET /{waba_id}/phone_numbers</c> or <c>GET /{phone_number_id}</c>).</summary>
public sealed record PhoneNumber
{
    /// <summary>The fields this client asks for.</summary>
    public const string DefaultFields =
        "id,display_phone_number,verified_name,quality_rating,code_verification_status,platform_type,throughput,"
        + "name_status,messaging_limit_tier,whatsapp_business_manager_messaging_limit,status,is_on_biz_app,"
        + "account_mode,is_official_business_account,is_pin_enabled,last_onboarded_time";

    public required string Id { get; init; }
    public string? DisplayPhoneNumber { get; init; }
    public string? VerifiedName { get; init; }

    /// <summary><c>GREEN</c>, <c>YELLOW</c>, <c>RED</c>, <c>UNKNOWN</c>.</summary>
    public string? QualityRating { get; init; }

    public string? CodeVerificationStatus { get; init; }

    /// <summary><c>CLOUD_API</c>, <c>ON_PREMISE</c>, <c>NOT_APPLICABLE</c>.</summary>
    public string? PlatformType { get; init; }

    public PhoneThroughput? Throughput { get; init; }
    public string? NameStatus { get; init; }

    /// <summary>Deprecated by Meta; prefer <see cref="WhatsappBusinessManagerMessagingLimit"/>.</summary>
    public string? MessagingLimitTier { get; init; }

    public string? WhatsappBusinessManagerMessagingLimit { get; init; }
    public string? Status { get; init; }
    public bool? IsOnBizApp { get; init; }
    public string? AccountMode { get; init; }
    public bool? IsOfficialBusinessAccount { get; init; }
    public bool? IsPinEnabled { get; init; }
    public string? LastOnboardedTime { get; init; }

    /// <summary>Fields this model does not name.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary><c>throughput</c>: <c>{"level": "STANDARD" | "HIGH" | "NOT_APPLICABLE"}</c>.</summary>
public sealed record PhoneThroughput(string? Level);
