using WabaGate.Graph.Json;
using WabaGate.Graph.Messages;

namespace WabaGate.Graph.Client;

public sealed partial class GraphClient
{
    /// <summary>
    /// <c>POST /{phone_number_id}/messages</c>. Never retried by the client: after a network failure the message
    /// may or may not have been sent (see <see cref="Errors.GraphApiException.IsNetworkError"/>).
    /// </summary>
    public Task<SendMessageResponse> SendMessageAsync(string phoneNumberId, SendMessageRequest message, string accessToken, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        return SendAsync(
            new GraphCall(HttpMethod.Post, $"{Seg(phoneNumberId)}/messages", Idempotent: false)
            {
                AccessToken = RequireToken(accessToken),
                Content = () => Json(message, GraphJsonContext.Default.SendMessageRequest),
            },
            GraphJsonContext.Default.SendMessageResponse,
            ct);
    }

    /// <summary>Marks <paramref name="messageId"/> (and earlier messages) as read; optionally shows a typing indicator.</summary>
    public async Task MarkAsReadAsync(string phoneNumberId, string messageId, string accessToken, bool showTypingIndicator = false, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(messageId);
        var body = new MarkReadRequest(messageId, showTypingIndicator ? new TypingIndicator() : null);
        await SendAsync(
            new GraphCall(HttpMethod.Post, $"{Seg(phoneNumberId)}/messages", Idempotent: true)
            {
                AccessToken = RequireToken(accessToken),
                Content = () => Json(body, GraphJsonContext.Default.MarkReadRequest),
            },
            GraphJsonContext.Default.GraphSuccess,
            ct);
    }

    /// <summary>Shows a typing indicator in reply to <paramref name="messageId"/> (it also marks the message read).</summary>
    public Task SendTypingIndicatorAsync(string phoneNumberId, string messageId, string accessToken, CancellationToken ct = default) =>
        MarkAsReadAsync(phoneNumberId, messageId, accessToken, showTypingIndicator: true, ct);
}
