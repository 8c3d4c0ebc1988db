using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// Requests per API key (or signed-in user) to <c>/api/v1</c>: a token bucket each (<c>Messaging:ApiRequestsPerSecond</c>,
/// <c>Messaging:ApiBurst</c>); beyond it, 429 <c>rate_limited</c> with Retry-After. Idle buckets are dropped, so memory
/// follows the number of active callers.
/// </summary>
internal static class ApiRateLimiting
{
    public static IServiceCollection AddApiRateLimiting(this IServiceCollection services)
    {
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<MessagingOptions>>((limiter, messaging) =>
        {
            var o = messaging.Value;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
            {
                var caller = http.User.FindFirst(Caller.ApiKeyIdClaim)?.Value ?? http.User.FindFirst(Caller.UserIdClaim)?.Value;
                if (caller is null || !http.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
                {
                    return RateLimitPartition.GetNoLimiter(string.Empty);
                }

                return RateLimitPartition.GetTokenBucketLimiter(caller, _ => new TokenBucketRateLimiterOptions
                {
                    TokenLimit = o.ApiBurst,
                    TokensPerPeriod = Math.Max(1, o.ApiRequestsPerSecond / 10),
                    ReplenishmentPeriod = TimeSpan.FromMilliseconds(100),
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
            });
            limiter.OnRejected = async (context, ct) =>
            {
                var wait = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : TimeSpan.FromSeconds(1);
                context.HttpContext.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);
                await ApiResults.Problem(ProblemCodes.RateLimited, StatusCodes.Status429TooManyRequests, "Too many requests for this API key; retry after the time given in Retry-After.")
                    .ExecuteAsync(context.HttpContext);
            };
        });
        return services;
    }
}
