using WabaGate.Server.Infrastructure.Observability;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace WabaGate.Server.Infrastructure.Jobs;

internal static class JobsServiceCollectionExtensions
{
    /// <summary>The durable job queue: <see cref="IJobQueue"/>, this node's worker and the queue's maintenance.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<JobOptions>()
            .Bind(configuration.GetSection(JobOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.BackoffMax >= o.BackoffBase, "Jobs:BackoffMax must not be shorter than Jobs:BackoffBase.")
            .ValidateOnStart();

        services.AddSingleton<JobSignal>();
        services.AddSingleton<JobHandlerRegistry>();
        services.AddSingleton<JobRunner>();
        services.AddSingleton<JobQueueStats>();
        services.AddSingleton<IQueueStatsProvider>(sp => sp.GetRequiredService<JobQueueStats>());
        services.AddScoped<IJobQueue, JobQueue>();
        services.AddScoped<JobStore>();
        services.AddHostedService<JobWorker>();
        services.AddHostedService<JobMaintenance>();
        return services;
    }

    /// <summary>
    /// Runs jobs of <paramref name="kind"/> with <typeparamref name="THandler"/> (resolved per job from the job's
    /// scope); their payloads are read as <typeparamref name="TPayload"/> from JSON. One handler per kind.
    /// </summary>
    public static IServiceCollection AddJobHandler<THandler, TPayload>(this IServiceCollection services, string kind)
        where THandler : class, IJobHandler<TPayload>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        services.TryAddScoped<THandler>();
        services.AddSingleton(JobHandlerRegistry.Create<THandler, TPayload>(kind));
        return services;
    }

    /// <summary>
    /// Like <see cref="AddJobHandler{THandler, TPayload}"/>, for a handler that can also run up to
    /// <paramref name="maxBatch"/> jobs of one organization together (see <see cref="IJobBatchHandler{TPayload}"/>).
    /// </summary>
    public static IServiceCollection AddJobBatchHandler<THandler, TPayload>(this IServiceCollection services, string kind, int maxBatch)
        where THandler : class, IJobBatchHandler<TPayload>
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(kind);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        services.TryAddScoped<THandler>();
        services.AddSingleton(JobHandlerRegistry.CreateBatch<THandler, TPayload>(kind, maxBatch));
        return services;
    }
}
