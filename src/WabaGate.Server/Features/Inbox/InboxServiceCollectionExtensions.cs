using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Inbox;

internal static class InboxServiceCollectionExtensions
{
    /// <summary>Contacts, conversations and live updates.</summary>
    public static IServiceCollection AddInbox(this IServiceCollection services)
    {
        services.AddSingleton<LiveEventHistory>();
        services.AddSingleton<InProcessLiveEvents>();
        services.AddSingleton<PostgresLiveEvents>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresLiveEvents>());

        // On PostgreSQL every node hears every node's events (LISTEN/NOTIFY); otherwise they stay in this process.
        services.AddSingleton<ILiveEvents>(sp => sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.Provider == DatabaseProvider.Postgres
            ? sp.GetRequiredService<PostgresLiveEvents>()
            : sp.GetRequiredService<InProcessLiveEvents>());
        services.AddScoped<ConversationDirectory>();
        services.AddJobHandler<MarkReadJob, Webhooks.MarkReadPayload>(Webhooks.InboundMessageWriter.MarkReadJobKind);
        return services;
    }
}
