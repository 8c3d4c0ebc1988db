using Microsoft.Extensions.Options;

namespace WabaGate.Simulator.Webhooks;

/// <summary>The HTTP client that carries webhook deliveries and verification requests (Meta's side of the wire).</summary>
internal sealed class WebhookHttp : IDisposable
{
    public WebhookHttp(IOptions<SimulatorOptions> options)
    {
        var handler = options.Value.WebhookHandlerFactory?.Invoke()
            ?? new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2), AllowAutoRedirect = false };
        Client = new HttpClient(handler) { Timeout = options.Value.WebhookTimeout };
        Client.DefaultRequestHeaders.UserAgent.ParseAdd("facebookexternalua");
    }

    public HttpClient Client { get; }

    public void Dispose() => Client.Dispose();
}
