using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// How many messages <c>POST /api/v1/messages</c> accepts per connection per second (429 <c>rate_limited</c> with
/// Retry-After beyond). Token buckets per connection; idle ones are dropped by the partitioned limiter.
/// </summary>
internal sealed class ConnectionSendLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<Guid> limiter;

    public ConnectionSendLimiter(IOptions<MessagingOptions> options)
    {
        var o = options.Value;
        limiter = PartitionedRateLimiter.Create<Guid, Guid>(connectionId => RateLimitPartition.GetTokenBucketLimiter(connectionId, _ => new TokenBucketRateLimiterOptions
        {
            TokenLimit = o.ConnectionSendBurst,
            TokensPerPeriod = Math.Max(1, o.ConnectionSendsPerSecond / 10),
            ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    public void Take(Guid connectionId)
    {
        using var lease = limiter.AttemptAcquire(connectionId);
        if (!lease.IsAcquired)
        {
            var retryAfter = lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : TimeSpan.FromSeconds(1);
            throw new ApiProblemException(ProblemCodes.RateLimited, 429, "This connection is sending faster than allowed; retry after the time given in Retry-After.")
            {
                RetryAfter = retryAfter < TimeSpan.FromSeconds(1) ? TimeSpan.FromSeconds(1) : retryAfter,
            };
        }
    }

    public void Dispose() => limiter.Dispose();
}
