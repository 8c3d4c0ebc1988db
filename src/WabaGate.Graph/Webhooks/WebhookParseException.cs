namespace WabaGate.Graph.Webhooks;

/// <summary>The webhook body is not JSON, or not Meta's <c>{"object", "entry": [...]}</c> envelope.</summary>
public sealed class WebhookParseException : Exception
{
    public WebhookParseException()
    {
    }

    public WebhookParseException(string message)
        : base(message)
    {
    }

    public WebhookParseException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
