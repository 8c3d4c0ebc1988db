using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using WabaGate.Simulator.Control;
using WabaGate.Simulator.Graph;
using WabaGate.Simulator.State;
using WabaGate.Simulator.Webhooks;

namespace WabaGate.Simulator;

/// <summary>Registers the Meta simulator's services.</summary>
public static class SimulatorServiceCollectionExtensions
{
    /// <summary>Adds the simulated Meta platform (state, webhook sender, fault injector). Map it with <c>MapMetaSimulator()</c>.</summary>
    public static IServiceCollection AddMetaSimulator(this IServiceCollection services, Action<SimulatorOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = new SimulatorOptions();
        configure?.Invoke(options);
        services.AddSingleton(options);
        services.AddSingleton<IOptions<SimulatorOptions>>(Options.Create(options));
        services.AddSingleton(sp => new SimulatorState(sp.GetRequiredService<IOptions<SimulatorOptions>>()));
        services.AddSingleton<FaultInjector>();
        services.AddSingleton<WebhookBehaviorHolder>();
        services.AddSingleton<WebhookTargets>();
        services.AddSingleton<WebhookHttp>();
        services.AddSingleton<CallbackVerifier>();
        services.AddSingleton<WebhookDispatcher>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookDispatcher>());
        services.AddSingleton<StatusScheduler>();
        services.AddSingleton<GraphFilter>();
        return services;
    }
}
