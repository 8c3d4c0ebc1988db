namespace WabaGate.Graph.Onboarding;

/// <summary>Body of <c>POST /{phone_number_id}/register</c>.</summary>
public sealed record RegisterRequest(string Pin, string? DataLocalizationRegion = null)
{
    public string MessagingProduct { get; init; } = "whatsapp";
}

/// <summary>Body of the two-step verification PIN change, <c>POST /{phone_number_id}</c>.</summary>
public sealed record PinChangeRequest(string Pin);

/// <summary>Body of <c>POST /{waba_id}/subscribed_apps</c> with a WABA-level callback override.</summary>
public sealed record SubscribeAppRequest(string OverrideCallbackUri, string VerifyToken);

/// <summary>One app subscribed to a WABA's webhooks.</summary>
public sealed record SubscribedApp
{
    public SubscribedAppData? WhatsappBusinessApiData { get; init; }
    public string? OverrideCallbackUri { get; init; }
}

/// <summary>The subscribed app's identity.</summary>
public sealed record SubscribedAppData(string? Id, string? Link = null, string? Name = null);
