using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Simulator.Control;
using WabaGate.Simulator.Graph;
using WabaGate.Simulator.Signup;

namespace WabaGate.Simulator;

/// <summary>Maps the Meta simulator's endpoints.</summary>
public static class SimulatorEndpointRouteBuilderExtensions
{
    /// <summary>
    /// Maps everything under <see cref="SimulatorOptions.Prefix"/>: the Graph API (<c>graph/{version}/…</c>),
    /// the JS SDK and signup dialog, media downloads and the sandbox control API.
    /// </summary>
    public static RouteGroupBuilder MapMetaSimulator(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var options = endpoints.ServiceProvider.GetRequiredService<SimulatorOptions>();
        var root = endpoints.MapGroup("/" + options.Prefix.Trim('/'));
        GraphApi.Map(root);
        SignupEndpoints.Map(root);
        ControlApi.Map(root);
        return root;
    }
}
