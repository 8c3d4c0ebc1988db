using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Inbox;

internal static class InboxServiceCollectionExtensions
{
    /// <summary>Contacts, conversations and live updates.</summary>
    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddSingleton<InProcessLiveEvents>();
        services.AddSingleton<ILiveEvents>(sp => sp.GetRequiredService<InProcessLiveEvents>());
        services.AddScoped<ConversationDirectory>();
        services.AddJobHandler<MarkReadJob, Webhooks.MarkReadPayload>(Webhooks.InboundMessageWriter.MarkReadJobKind);
        return services;
    }
}
