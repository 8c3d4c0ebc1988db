namespace WabaGate.Graph.Onboarding;

/// <summary>A phone number's WhatsApp business profile (<c>/{phone_number_id}/whatsapp_business_profile</c>).</summary>
public sealed record BusinessProfile
{
    /// <summary>The fields this client asks for.</summary>
    public const string DefaultFields = "about,address,description,email,profile_picture_url,websites,vertical";

    public string? About { get; init; }
    public string? Address { get; init; }
    public string? Description { get; init; }
    public string? Email { get; init; }
    public string? MessagingProduct { get; init; }
    public string? ProfilePictureUrl { get; init; }
    public IReadOnlyList<string>? Websites { get; init; }
    public string? Vertical { get; init; }
}

/// <summary>Body of a business profile update: only the non-null fields change.</summary>
public sealed record BusinessProfileUpdate
{
    public string MessagingProduct { get; init; } = "whatsapp";

    /// <summary>1–139 characters.</summary>
    public string? About { get; init; }

    public string? Address { get; init; }
    public string? Description { get; init; }
    public string? Email { get; init; }

    /// <summary>A handle from the Resumable Upload API.</summary>
    public string? ProfilePictureHandle { get; init; }

    /// <summary>Up to 2 URLs with <c>http(s)://</c>.</summary>
    public IReadOnlyList<string>? Websites { get; init; }

    public string? Vertical { get; init; }
}
