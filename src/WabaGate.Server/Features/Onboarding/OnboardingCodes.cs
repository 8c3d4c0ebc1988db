namespace WabaGate.Server.Features.Onboarding;

/// <summary>The problem codes of onboarding (fixed by API.md).</summary>
internal static class OnboardingCodes
{
    public const string InvalidState = "invalid_state";
    public const string CodeExchangeFailed = "code_exchange_failed";
    public const string WabaNotGranted = "waba_not_granted";
    public const string WabaOwnedByAnotherOrganization = "waba_owned_by_another_organization";

    /// <summary>Meta's Embedded Signup event for coexistence numbers: already registered, never call <c>/register</c>.</summary>
    public const string CoexistenceEvent = "FINISH_WHATSAPP_BUSINESS_APP_ONBOARDING";

    public const string ManagementScope = "whatsapp_business_management";
    public const string MessagingScope = "whatsapp_business_messaging";
}
