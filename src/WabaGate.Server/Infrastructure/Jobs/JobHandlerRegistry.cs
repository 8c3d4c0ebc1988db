using System.Text.Json;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>One <c>AddJobHandler</c> call: a kind, how to read its payload and how to run it.</summary>
internal sealed record JobHandlerRegistration(
    string Kind,
    Type PayloadType,
    Func<string, object> Read,
    Func<IServiceProvider, object, JobContext, CancellationToken, Task<JobResult>> Invoke);

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
}

/// <summary>Payloads are camelCase JSON, like the API.</summary>
internal static class JobJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web);
}
