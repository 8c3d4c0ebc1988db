using WabaGate.Server.Infrastructure;
using WabaGate.Simulator;

namespace WabaGate.Server.Features.Sandbox;

/// <summary>
/// Once the server listens, tells the simulator where the gateway's app-level webhook endpoint is, so the
/// simulated Meta delivers signed webhooks to it over HTTP just like Meta would.
/// </summary>
internal sealed class SandboxCallbackWiring(IHostApplicationLifetime lifetime, SimulatorOptions simulator, SelfUrl self) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        lifetime.ApplicationStarted.Register(() =>
        {
            var root = self.Value;
            simulator.PublicBaseUrl ??= root;
            simulator.WebhookCallbackUrl ??= root + "/webhooks/meta";
        });
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
