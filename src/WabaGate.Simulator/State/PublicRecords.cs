using System.Text.Json.Nodes;

namespace WabaGate.Simulator.State;

/// <summary>Result of a simulated Embedded Signup: the one-time code and the assets it grants.</summary>
public sealed record SignupResult(string Code, string WabaId, IReadOnlyList<string> PhoneNumberIds, string BusinessId);

/// <summary>A message the simulated Meta accepted from the business (what <c>GET outbox</c> returns).</summary>
public sealed record OutboxMessage(
    string Wamid,
    string PhoneNumberId,
    string To,
    string WaId,
    string Type,
    DateTimeOffset AcceptedAt,
    string GraphVersion,
    string RawRequest)
{
    /// <summary>The request body as JSON.</summary>
    public JsonNode? Request => JsonNode.Parse(RawRequest);
}

/// <summary>One attempt to deliver a webhook (or a skipped delivery, with <see cref="Error"/> saying why).</summary>
public sealed record WebhookDeliveryAttempt(
    string DeliveryId,
    int Attempt,
    string? Url,
    IReadOnlyList<string> Fields,
    int? StatusCode,
    string? Error,
    DateTimeOffset At,
    string Body,
    string Signature)
{
    /// <summary>Whether the receiver answered 2xx.</summary>
    public bool Succeeded => StatusCode is >= 200 and < 300;
}
