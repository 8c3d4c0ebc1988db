using System.Text.Json.Nodes;

namespace WabaGate.Simulator.Control;

/// <summary><c>POST signup-sessions</c> body; <c>wabaId</c> signs up again with an existing WABA (reauthorization).</summary>
internal sealed record SignupSessionRequest(int? PhoneNumbers, string? BusinessName, string? WabaId = null);

/// <summary><c>POST templates/{id}/review</c> body.</summary>
internal sealed record TemplateReviewRequest(string? Status, string? Reason);

/// <summary><c>POST faults</c> body.</summary>
internal sealed record FaultRequest(string? Endpoint, int? MetaCode, int? HttpStatus, int? Count, int? Subcode, string? Message, string? Details);

/// <summary><c>POST tokens</c> body.</summary>
internal sealed record TokenRequest(List<string>? WabaIds);

/// <summary><c>POST tokens/revoke</c> body.</summary>
internal sealed record RevokeTokenRequest(string? AccessToken);

/// <summary><c>POST phone-numbers/{id}/quality</c> body.</summary>
internal sealed record QualityRequest(string? QualityRating, string? MessagingLimit, string? ThroughputLevel, string? Event);

/// <summary><c>POST wabas/{id}/account-update</c> body: the event and extra <c>value</c> fields.</summary>
internal sealed record AccountUpdateRequest(string? Event, JsonObject? Value);

/// <summary><c>PUT webhook-behavior</c> body.</summary>
internal sealed record WebhookBehaviorRequest(int? BatchSize, bool? Duplicate, bool? Reorder, int? GatherWindowMs, int? ReorderGroupSize);

/// <summary><c>PUT customers/{waId}</c> body.</summary>
internal sealed record CustomerSettingsRequest(string? ProfileName, bool? Undeliverable, bool? ReadsMessages);
