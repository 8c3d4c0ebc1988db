using WabaGate.Graph.Webhooks;

namespace WabaGate.Graph.Tests.AgainstSimulator.Infrastructure;

/// <summary>Reads what the sink received through <see cref="WebhookParser"/>, checking each signature first.</summary>
public static class SinkParsing
{
    /// <summary>Every change of every delivery whose signature verifies with the app secret (others are skipped).</summary>
    public static IEnumerable<(WebhookEntry Entry, WebhookChange Change)> VerifiedChanges(this WebhookSink sink) =>
        sink.Received.Where(d => WebhookSignature.IsValid(d.Body, d.Signature, LiveMeta.AppSecret))
            .SelectMany(d => WebhookParser.Parse(d.Body).AllChanges);

    public static IEnumerable<T> Values<T>(this WebhookSink sink) where T : WebhookChangeValue =>
        sink.VerifiedChanges().Select(x => x.Change.Value).OfType<T>();

    public static List<MessageStatus> StatusesOf(this WebhookSink sink, string wamid) =>
        [.. sink.Values<MessagesValue>().SelectMany(v => v.Statuses ?? []).Where(s => s.Id == wamid)];

    public static async Task<WebhookMessage> InboundAsync(this WebhookSink sink, string wamid)
    {
        WebhookMessage? found = null;
        await sink.WaitForAsync(_ => (found = sink.Values<MessagesValue>().SelectMany(v => v.Messages ?? []).FirstOrDefault(m => m.Id == wamid)) is not null);
        return found!;
    }
}
