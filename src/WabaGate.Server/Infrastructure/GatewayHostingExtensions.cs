using Microsoft.Extensions.Options;

namespace WabaGate.Server.Infrastructure;

internal static class GatewayHostingExtensions
{
    /// <summary>Binds the <c>WabaGate</c> section, resolves the mode and makes sure the data directory exists.</summary>
    public static IServiceCollection AddGatewayOptions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<WabaGateOptions>()
            .Bind(configuration.GetSection(WabaGateOptions.Section))
            .PostConfigure(options =>
            {
                options.Mode = WabaGateOptions.ResolveMode(configuration);
                Directory.CreateDirectory(options.DataDirectory);
            })
            .ValidateDataAnnotations()
            .ValidateOnStart();
        services.AddSingleton(TimeProvider.System);
        return services;
    }

    public static WabaGateOptions GatewayOptions(this IServiceProvider services) => services.GetRequiredService<IOptions<WabaGateOptions>>().Value;
}
