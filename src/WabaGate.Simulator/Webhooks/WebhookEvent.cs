using System.Text.Json.Nodes;

namespace WabaGate.Simulator.Webhooks;

/// <summary>
/// One change to deliver: goes into <c>entry[{id: EntryId}].changes[]</c> as <c>{value, field}</c>.
/// <paramref name="AppLevel"/> events (partner events) go to the app callback even before the app subscribes to the WABA.
/// </summary>
internal sealed record WebhookEvent(
    string EntryId,
    string WabaId,
    string Field,
    JsonObject Value,
    string? PhoneNumberId = null,
    long? Time = null,
    bool AppLevel = false);
