using Microsoft.AspNetCore.Mvc;
using WabaGate.Graph.Errors;

namespace WabaGate.Server.Infrastructure.Problems;

/// <summary>
/// A Graph call that failed and that no feature handled becomes <c>502 meta_error</c> carrying what Meta said
/// (<c>meta {code, subcode, fbtraceId, message}</c>) and a readable explanation; rate limits become 429 with
/// <c>Retry-After</c>. Features map the errors they expect to their own codes first.
/// </summary>
internal sealed class GraphProblemMapper : IExceptionProblemMapper
{
    public ProblemDetails? TryMap(Exception exception, HttpContext context)
    {
        if (exception is not GraphApiException graph)
        {
            return null;
        }

        var meta = MetaErrorInfo.From(graph);
        if (graph.IsRateLimited)
        {
            if (graph.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return ApiResults.CreateProblemDetails(ProblemCodes.RateLimited, StatusCodes.Status429TooManyRequests,
                "Meta is rate limiting this account; try again later.", meta: meta);
        }

        var detail = graph.IsNetworkError
            ? "Meta could not be reached; try again."
            : (graph.Code is { } code ? GraphErrorCodes.Explain(code) : null) ?? "Meta refused the request.";
        return ApiResults.CreateProblemDetails("meta_error", StatusCodes.Status502BadGateway, detail, meta: meta);
    }
}
