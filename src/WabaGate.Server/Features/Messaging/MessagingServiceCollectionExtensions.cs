namespace WabaGate.Server.Features.Messaging;

internal static class MessagingServiceCollectionExtensions
{
    /// <summary>Messages: content encryption shared by the inbound and outbound paths.</summary>
    public static IServiceCollection AddMessaging(this IServiceCollection services)
    {
        services.AddScoped<MessageContentCodec>();
        return services;
    }
}
