namespace WabaGate.Graph.Messages;

/// <summary>A contact card, as sent (<c>contacts</c> message) and as received in webhooks.</summary>
public sealed record ContactCard
{
    public required ContactName Name { get; init; }
    public IReadOnlyList<ContactPhone>? Phones { get; init; }
    public IReadOnlyList<ContactEmail>? Emails { get; init; }
    public IReadOnlyList<ContactAddress>? Addresses { get; init; }
    public ContactOrg? Org { get; init; }
    public IReadOnlyList<ContactUrl>? Urls { get; init; }

    /// <summary><c>YYYY-MM-DD</c>.</summary>
    public string? Birthday { get; init; }
}

/// <summary>Contact name; <see cref="FormattedName"/> is required.</summary>
public sealed record ContactName
{
    public required string FormattedName { get; init; }
    public string? FirstName { get; init; }
    public string? LastName { get; init; }
    public string? MiddleName { get; init; }
    public string? Suffix { get; init; }
    public string? Prefix { get; init; }
}

/// <summary>A contact's phone; <see cref="WaId"/> adds a "Message" button.</summary>
public sealed record ContactPhone(string? Phone, string? Type = null, string? WaId = null);

/// <summary>A contact's email.</summary>
public sealed record ContactEmail(string? Email, string? Type = null);

/// <summary>A contact's URL.</summary>
public sealed record ContactUrl(string? Url, string? Type = null);

/// <summary>A contact's organization.</summary>
public sealed record ContactOrg(string? Company = null, string? Department = null, string? Title = null);

/// <summary>A contact's postal address.</summary>
public sealed record ContactAddress
{
    public string? Street { get; init; }
    public string? City { get; init; }
    public string? State { get; init; }
    public string? Zip { get; init; }
    public string? Country { get; init; }
    public string? CountryCode { get; init; }
    public string? Type { get; init; }
}
