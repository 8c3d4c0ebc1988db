using Microsoft.Extensions.Options;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Media;

internal static class MediaServiceCollectionExtensions
{
    /// <summary>Encrypted media storage (the data directory by default, or an S3-compatible bucket) and uploads.</summary>
    public static IServiceCollection AddMedia(this IServiceCollection services)
    {
        services.AddOptions<MediaOptions>().BindConfiguration(MediaOptions.Section).ValidateDataAnnotations()
            .Validate(
                o => o.Storage != MediaStorageKind.S3 || (o.S3.Endpoint is { IsAbsoluteUri: true } && !string.IsNullOrEmpty(o.S3.Bucket)
                    && !string.IsNullOrEmpty(o.S3.AccessKey) && !string.IsNullOrEmpty(o.S3.SecretKey) && !string.IsNullOrEmpty(o.S3.Region)),
                "Media:Storage=S3 needs Media:S3:Endpoint (absolute URL), Bucket, AccessKey, SecretKey and Region.")
            .ValidateOnStart();
        services.AddHttpClient(S3MediaStorage.HttpClientName);
        services.AddSingleton<FileSystemMediaStorage>();
        services.AddSingleton<IMediaStorage>(sp => sp.GetRequiredService<IOptions<MediaOptions>>().Value.Storage == MediaStorageKind.S3
            ? ActivatorUtilities.CreateInstance<S3MediaStorage>(sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(S3MediaStorage.HttpClientName))
            : sp.GetRequiredService<FileSystemMediaStorage>());
        services.AddScoped<MediaStore>();
        services.AddScoped<MediaUploads>();
        services.AddSingleton<MediaUploadGate>();
        services.AddJobHandler<MediaDownloadJob, MediaDownloadPayload>(MediaDownloadJob.Kind);
        return services;
    }
}
