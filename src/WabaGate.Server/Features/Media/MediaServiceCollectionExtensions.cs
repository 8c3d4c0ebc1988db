using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Media;

internal static class MediaServiceCollectionExtensions
{
    /// <summary>Encrypted media storage (the data directory by default).</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        services.AddSingleton<IMediaStorage, FileSystemMediaStorage>();
        services.AddScoped<MediaStore>();
        services.AddJobHandler<MediaDownloadJob, MediaDownloadPayload>(MediaDownloadJob.Kind);
        return services;
    }
}
