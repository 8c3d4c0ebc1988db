using System.Text.Json.Nodes;

namespace WabaGate.Simulator.State;

/// <summary>A business portfolio.</summary>
internal sealed class SimBusiness(string id, string name)
{
    public string Id { get; } = id;
    public string Name { get; set; } = name;
}

/// <summary>A WhatsApp Business Account with the app's subscription state.</summary>
internal sealed class SimWaba(string id, string businessId, string name)
{
    public string Id { get; } = id;
    public string BusinessId { get; } = businessId;
    public string Name { get; set; } = name;
    public bool AppSubscribed { get; set; }
    public string? OverrideCallbackUri { get; set; }
    public List<string> PhoneNumberIds { get; } = [];
    public string TemplateNamespace { get; } = Guid.NewGuid().ToString("N");
}

/// <summary>A business phone number on Cloud API.</summary>
internal sealed class SimPhoneNumber(string id, string wabaId, string digits, string verifiedName)
{
    public string Id { get; } = id;
    public string WabaId { get; } = wabaId;
    public string Digits { get; } = digits;
    public string VerifiedName { get; set; } = verifiedName;
    public string QualityRating { get; set; } = "GREEN";
    public string MessagingLimit { get; set; } = "TIER_250";
    public string ThroughputLevel { get; set; } = "STANDARD";
    public string CodeVerificationStatus { get; set; } = "VERIFIED";
    public string NameStatus { get; set; } = "APPROVED";
    public bool Registered { get; set; }
    public string? Pin { get; set; }
    public int RegisterCallCount { get; set; }
    public List<DateTimeOffset> RegisterCalls { get; } = [];
    public List<DateTimeOffset> DeregisterCalls { get; } = [];
    public string? OverrideCallbackUri { get; set; }
    public DateTimeOffset LastOnboardedTime { get; set; }
    public JsonObject BusinessProfile { get; set; } = new();
    public Queue<DateTimeOffset> RecentSends { get; } = new();

    public string DisplayPhoneNumber =>
        Digits.Length == 11 && Digits[0] == '1'
            ? $"+1 {Digits[1..4]}-{Digits[4..7]}-{Digits[7..]}"
            : "+" + Digits;
}

/// <summary>An access token (business/system-user token) with its granted assets.</summary>
internal sealed class SimToken(string value, string userId, string businessId, IReadOnlyList<string> wabaIds)
{
    public string Value { get; } = value;
    public string UserId { get; } = userId;
    public string BusinessId { get; } = businessId;
    public IReadOnlyList<string> WabaIds { get; } = wabaIds;
    public string Type { get; init; } = "SYSTEM_USER";
    public DateTimeOffset IssuedAt { get; init; }
    public DateTimeOffset? ExpiresAt { get; init; }
    public bool Revoked { get; set; }
}

/// <summary>A one-time Embedded Signup code and the token it yields.</summary>
internal sealed class SimCode(string value, string businessId, IReadOnlyList<string> wabaIds, DateTimeOffset expiresAt)
{
    public string Value { get; } = value;
    public string BusinessId { get; } = businessId;
    public IReadOnlyList<string> WabaIds { get; } = wabaIds;
    public DateTimeOffset ExpiresAt { get; } = expiresAt;
    public string? RedirectUri { get; init; }
    public bool Used { get; set; }
}

/// <summary>A message template of a WABA.</summary>
internal sealed class SimTemplate(string id, string wabaId, string name, string language)
{
    public string Id { get; } = id;
    public string WabaId { get; } = wabaId;
    public string Name { get; } = name;
    public string Language { get; } = language;
    public string Category { get; set; } = "UTILITY";
    public string Status { get; set; } = "PENDING";
    public string ParameterFormat { get; set; } = "POSITIONAL";
    public JsonArray Components { get; set; } = [];
    public string? RejectedReason { get; set; }
    public long Sequence { get; init; }
}

/// <summary>A media object (uploaded by the business or received from a customer).</summary>
internal sealed class SimMedia(string id, string phoneNumberId, byte[] content, string mimeType)
{
    public string Id { get; } = id;
    public string PhoneNumberId { get; } = phoneNumberId;
    public byte[] Content { get; } = content;
    public string MimeType { get; } = mimeType;
    public string Sha256 { get; } = Convert.ToBase64String(System.Security.Cryptography.SHA256.HashData(content));
    public string? FileName { get; init; }
    public DateTimeOffset ExpiresAt { get; init; }
}

/// <summary>A simulated WhatsApp user.</summary>
internal sealed class SimCustomer(string waId)
{
    public string WaId { get; } = waId;
    public string ProfileName { get; set; } = "Customer " + waId[^Math.Min(4, waId.Length)..];
    public bool Undeliverable { get; set; }
    public bool ReadsMessages { get; set; } = true;
}
