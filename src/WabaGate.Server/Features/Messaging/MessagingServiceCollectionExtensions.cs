using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Features.Compliance;
using WabaGate.Server.Features.Media;
using WabaGate.Server.Features.Messaging.Dispatch;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Messaging;

internal static class MessagingServiceCollectionExtensions
{
    /// <summary>Messages: content encryption shared by the inbound and outbound paths; sending, approvals and the dispatcher.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddScoped<MessageContentCodec>();

        services.AddOptions<MessagingOptions>().BindConfiguration(MessagingOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<OutboundValidator>();
        services.AddScoped<ApprovalPolicies>();
        services.AddScoped<MessageSender>();
        services.AddSingleton<IAcceptCommitter>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Postgres
            ? ActivatorUtilities.CreateInstance<PostgresAcceptCommitter>(sp)
            : ActivatorUtilities.CreateInstance<SqliteAcceptCommitter>(sp));
        services.AddScoped<ApprovalService>();
        services.AddScoped<AuditLog>();
        services.AddScoped<MediaUploader>();
        services.AddSingleton<ConnectionSendLimiter>();
        services.AddSingleton<ThroughputLimiter>();
        services.AddSingleton<RecipientPacer>();
        services.AddSingleton<DispatchLeases>();
        services.AddJobBatchHandler<SendMessageHandler, SendMessagePayload>(MessagingCodes.SendJob, SendMessageHandler.MaxBatch);
        services.AddApiRateLimiting();
        return services;
    }
}
