using System.Text.Json;
using System.Text.Json.Serialization;
using WabaGate.Graph.Json;

namespace WabaGate.Graph.Webhooks;

/// <summary><c>account_update</c>: PARTNER_ADDED, ACCOUNT_VIOLATION, DISABLED_UPDATE, ACCOUNT_RESTRICTION…</summary>
public sealed record AccountUpdate : WebhookChangeValue
{
    public string? Event { get; init; }

    /// <summary>Legacy <c>VERIFIED_ACCOUNT</c> events.</summary>
    [JsonConverter(typeof(LenientStringConverter))]
    public string? PhoneNumber { get; init; }

    /// <summary>Partner events: the customer WABA (the entry id is then a business id).</summary>
    public AccountWabaInfo? WabaInfo { get; init; }

    public JsonElement? ViolationInfo { get; init; }
    public IReadOnlyList<AccountRestriction>? RestrictionInfo { get; init; }
    public AccountBanInfo? BanInfo { get; init; }
    public string? Country { get; init; }
    public JsonElement? DisconnectionInfo { get; init; }
    public JsonElement? VolumeTierInfo { get; init; }
}

/// <summary>The WABA an account event is about.</summary>
public sealed record AccountWabaInfo : WebhookObject
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? WabaId { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? OwnerBusinessId { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? SolutionId { get; init; }

    public IReadOnlyList<string>? SolutionPartnerBusinessIds { get; init; }
}

/// <summary>A restriction on the account.</summary>
public sealed record AccountRestriction : WebhookObject
{
    public string? RestrictionType { get; init; }
    public long? Expiration { get; init; }
}

/// <summary><c>ban_info</c>: DISABLE, REINSTATE or SCHEDULE_FOR_DISABLE.</summary>
public sealed record AccountBanInfo : WebhookObject
{
    public string? WabaBanState { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? WabaBanDate { get; init; }
}

/// <summary><c>account_review_update</c>: APPROVED, REJECTED, PENDING, DEFERRED.</summary>
public sealed record AccountReviewUpdate : WebhookChangeValue
{
    public string? Decision { get; init; }
}

/// <summary><c>business_capability_update</c>; tiers come as strings (<c>TIER_2K</c>) or numbers, both read as strings.</summary>
public sealed record BusinessCapabilityUpdate : WebhookChangeValue
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? MaxDailyConversationsPerBusiness { get; init; }

    public long? MaxDailyConversationPerPhone { get; init; }
    public long? MaxPhoneNumbersPerBusiness { get; init; }
    public long? MaxPhoneNumbersPerWaba { get; init; }
}

/// <summary><c>phone_number_quality_update</c>: ONBOARDING, THROUGHPUT_UPGRADE (legacy FLAGGED, UPGRADE…).</summary>
public sealed record PhoneNumberQualityUpdate : WebhookChangeValue
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DisplayPhoneNumber { get; init; }

    public string? Event { get; init; }
    public string? CurrentLimit { get; init; }
    public string? OldLimit { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? MaxDailyConversationsPerBusiness { get; init; }
}

/// <summary><c>phone_number_name_update</c>: the display-name review decision.</summary>
public sealed record PhoneNumberNameUpdate : WebhookChangeValue
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DisplayPhoneNumber { get; init; }

    public string? Decision { get; init; }
    public string? RequestedVerifiedName { get; init; }
    public string? RejectionReason { get; init; }
}

/// <summary><c>security</c>: PIN_CHANGED, PIN_RESET_REQUEST, PIN_REQUEST_SUCCESS.</summary>
public sealed record SecurityUpdate : WebhookChangeValue
{
    [JsonConverter(typeof(LenientStringConverter))]
    public string? DisplayPhoneNumber { get; init; }

    public string? Event { get; init; }

    [JsonConverter(typeof(LenientStringConverter))]
    public string? Requester { get; init; }
}
