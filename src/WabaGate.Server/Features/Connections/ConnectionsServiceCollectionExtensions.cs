using WabaGate.Server.Infrastructure.Idempotency;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Connections;

internal static class ConnectionsServiceCollectionExtensions
{
    /// <summary>Connections: manual connect, setup, health checks, disconnect, and their jobs.</summary>
    public static IServiceCollection AddWabaConnections(this IServiceCollection services)
    {
        services.AddOptions<ConnectionOptions>().BindConfiguration(ConnectionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ConnectionSecrets>();
        services.AddScoped<ConnectionViews>();
        services.AddScoped<ConnectionSetup>();
        services.AddScoped<ConnectionHealth>();
        services.AddScoped<ConnectionLifecycle>();
        services.AddScoped<ManualConnectService>();
        services.AddJobHandler<FinishSetupJob, FinishSetupPayload>(ConnectionSetup.JobKind);
        services.AddScoped<IdempotencyKeys>();
        services.AddSingleton<HealthCheckSchedule>();
        services.AddHostedService(sp => sp.GetRequiredService<HealthCheckSchedule>());
        services.AddScoped<Webhooks.IWebhookFieldHandler, AccountUpdateHandler>();
        services.AddScoped<Webhooks.IWebhookFieldHandler, PhoneNumberUpdateHandler>();
        services.AddJobHandler<HealthCheckJob, HealthCheckPayload>(ConnectionHealth.JobKind);
        return services;
    }
}
