using WabaGate.Server.Features.Connections;

namespace WabaGate.Server.Features.Onboarding;

/// <summary>What the Embedded Signup page needs to launch <c>FB.login</c>.</summary>
public sealed record EmbeddedSignupConfig(string? AppId, string? ConfigId, string GraphVersion, string SdkUrl, string State, EmbeddedSignupExtras Extras);

/// <summary>The <c>extras</c> object passed to <c>FB.login</c> (session info version 3: FINISH/CANCEL events).</summary>
public sealed record EmbeddedSignupExtras(string Feature, int SessionInfoVersion, string? Version);

/// <summary>
/// The login callback's code plus the session-info event's (unauthenticated) claims. <c>RedirectUri</c> is set only by
/// the redirect flow (<c>/onboarding/callback</c>): Meta then requires the same URI when the code is exchanged.
/// </summary>
public sealed record CompleteSignupRequest(
    string? Code, string? State, string? WabaId, string? PhoneNumberId, string? BusinessId, string? Event, string? RedirectUri = null);

/// <summary>A CANCEL event: the step the user left at, or the error the user reported.</summary>
public sealed record CancelSignupRequest(string? State, string? CurrentStep, string? ErrorMessage, string? ErrorId, string? SessionId);

public sealed record SignupStatusResponse(bool Connected, ConnectionDto? Connection);
