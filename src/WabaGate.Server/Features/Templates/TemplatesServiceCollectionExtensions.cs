using WabaGate.Server.Features.Webhooks;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Templates;

internal static class TemplatesServiceCollectionExtensions
{
    /// <summary>Templates: the catalog the send path validates against, sync (job, schedule, webhooks), create and delete.</summary>
    public static IServiceCollection AddTemplates(this IServiceCollection services)
    {
        services.AddOptions<TemplateOptions>().BindConfiguration(TemplateOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<ITemplateCatalog, TemplateCatalog>();
        services.AddScoped<TemplateService>();
        services.AddScoped<TemplateSync>();
        services.AddScoped<TemplateSyncJobs>();
        services.AddScoped<IWebhookFieldHandler, TemplateWebhookHandler>();
        services.AddJobHandler<TemplateSyncJob, TemplateSyncPayload>(TemplateSyncJobs.JobKind);
        return services;
    }
}
