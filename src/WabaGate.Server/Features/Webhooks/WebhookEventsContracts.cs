using System.Text.Json;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>One delivery in the inspector list.</summary>
public sealed record WebhookEventDto(
    Guid Id, DateTimeOffset ReceivedAt, Guid? ConnectionId, IReadOnlyList<string> Fields, string State, int Attempts, string? Error,
    string Source, DateTimeOffset? ProcessedAt)
{
    internal static WebhookEventDto From(WebhookDelivery d) => new(
        d.Id, d.ReceivedAt, d.ConnectionId, d.Fields.Length == 0 ? [] : d.Fields.Split(','), WebhookStates.ToText(d.State), d.Attempts, d.Error,
        d.Source.ToString().ToLowerInvariant(), d.ProcessedAt);
}

/// <summary>One delivery with its decrypted raw payload (as received, byte for byte) and per-change outcomes.</summary>
public sealed record WebhookEventDetailDto(WebhookEventDto Event, string? Payload, JsonElement? Outcome);

internal static class WebhookStates
{
    public static string ToText(WebhookDeliveryState state) => state.ToString().ToLowerInvariant();

    public static bool TryParse(string? text, out WebhookDeliveryState state)
        => Enum.TryParse(text, ignoreCase: true, out state) && Enum.IsDefined(state) && !int.TryParse(text, out _);
}
