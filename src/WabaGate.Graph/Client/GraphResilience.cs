using Polly;
using Polly.Retry;
using Polly.Timeout;
using WabaGate.Graph.Errors;

namespace WabaGate.Graph.Client;

/// <summary>
/// Builds the client's pipelines: idempotent calls retry transient and rate-limit failures with jittered
/// exponential backoff (honouring Retry-After); other calls only get the attempt timeout, because repeating
/// a send after an ambiguous failure could deliver the message twice.
/// </summary>
internal static class GraphResilience
{
    public static ResiliencePipeline Build(GraphClientOptions options, bool retry)
    {
        var builder = new ResiliencePipelineBuilder();
        if (retry && options.MaxRetryAttempts > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxRetryAttempts,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = options.RetryBaseDelay,
                MaxDelay = options.MaxRetryDelay,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } ex && ShouldRetry(ex, options)),
                DelayGenerator = args => ValueTask.FromResult(
                    args.Outcome.Exception is GraphApiException { RetryAfter: { } wait } ? (TimeSpan?)wait : null),
            });
        }

        if (options.AttemptTimeout > TimeSpan.Zero && options.AttemptTimeout != Timeout.InfiniteTimeSpan)
        {
            builder.AddTimeout(options.AttemptTimeout);
        }

        return builder.Build();
    }

    internal static bool ShouldRetry(Exception exception, GraphClientOptions options) => exception switch
    {
        TimeoutRejectedException => true,
        GraphApiException { IsRetryable: true } g => (g.RetryAfter ?? g.CodeInfo?.SuggestedDelay ?? TimeSpan.Zero) <= options.MaxRetryDelay,
        _ => false,
    };
}
