using System.Text.Json;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>
/// One <c>AddJobHandler</c> (or <c>AddJobBatchHandler</c>) call: a kind, how to read its payload and how to run it —
/// alone, and for batch handlers several at once (<see cref="MaxBatch"/> above 1).
/// </summary>
internal sealed record JobHandlerRegistration(
    string Kind,
    Type PayloadType,
    Func<string, object> Read,
    Func<IServiceProvider, object, JobContext, CancellationToken, Task<JobResult>> Invoke)
{
    /// <summary>Most jobs run together; 1 for handlers that run one job at a time.</summary>
    public int MaxBatch { get; init; } = 1;

    /// <summary>Runs a batch (payloads as read by <see cref="Read"/>); set when <see cref="MaxBatch"/> is above 1.</summary>
    public Func<IServiceProvider, IReadOnlyList<(object Payload, JobContext Context)>, CancellationToken, Task<IReadOnlyList<JobResult>>>? InvokeBatch { get; init; }
}

/// <summary>Handlers by kind, built once from the registrations; two handlers for one kind is a start-up error.</summary>
internal sealed class JobHandlerRegistry
{
    private readonly Dictionary<string, JobHandlerRegistration> byKind;

    public JobHandlerRegistry(IEnumerable<JobHandlerRegistration> registrations)
    {
        byKind = new Dictionary<string, JobHandlerRegistration>(StringComparer.Ordinal);
        foreach (var registration in registrations)
        {
            if (!byKind.TryAdd(registration.Kind, registration))
            {
                throw new InvalidOperationException($"Two job handlers are registered for kind '{registration.Kind}'.");
            }
        }
    }

    public bool TryGet(string kind, out JobHandlerRegistration registration) => byKind.TryGetValue(kind, out registration!);

    public static JobHandlerRegistration Create<THandler, TPayload>(string kind)
        where THandler : class, IJobHandler<TPayload>
        => new(
            kind,
            typeof(TPayload),
            json => JsonSerializer.Deserialize<TPayload>(json, JobJson.Options) ?? throw new JsonException("The job's payload is null."),
            (services, payload, context, cancellationToken)
                => services.GetRequiredService<THandler>().HandleAsync((TPayload)payload, context, cancellationToken));

    public static JobHandlerRegistration CreateBatch<THandler, TPayload>(string kind, int maxBatch)
        where THandler : class, IJobBatchHandler<TPayload>
        => Create<THandler, TPayload>(kind) with
        {
            MaxBatch = maxBatch,
            InvokeBatch = (services, items, cancellationToken) => services.GetRequiredService<THandler>()
                .HandleBatchAsync([.. items.Select(i => new JobBatchItem<TPayload>((TPayload)i.Payload, i.Context))], cancellationToken),
        };
}

/// <summary>Payloads are camelCase JSON, like the API.</summary>
internal static class JobJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
