using WabaGate.Server.Infrastructure.Cli;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Webhooks;

internal static class WebhooksServiceCollectionExtensions
{
    /// <summary>The webhook inbox: receiving endpoints' storage and the processing job.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services)
    {
        services.AddScoped<WebhookInbox>();
        services.AddSingleton<SqliteInboxCommitter>();
        services.AddSingleton<PostgresInboxWriter>();
        services.AddScoped<WebhookReplay>();
        services.AddScoped<InboundMessageWriter>();
        services.AddScoped<MessageStatusApplier>();
        services.AddJobBatchHandler<WebhookProcessor, WebhookProcessPayload>(WebhookInbox.ProcessJobKind, WebhookProcessor.MaxBatch);
        services.AddJobHandler<UnroutableAdoptionJob, AdoptUnroutablePayload>(UnroutableAdoptionJob.Kind);
        services.AddCliCommand<ListUnroutableCommand>();
        services.AddOptions<WebhookRetentionOptions>().BindConfiguration(WebhookRetentionOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.DeliveryRetention >= o.PayloadRetention, "Webhooks:DeliveryRetention must not be shorter than Webhooks:PayloadRetention.")
            .ValidateOnStart();
        services.AddSingleton<WebhookRetention>();
        services.AddHostedService(sp => sp.GetRequiredService<WebhookRetention>());
        return services;
    }
}
