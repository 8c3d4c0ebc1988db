using System.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace WabaGate.Server.Infrastructure.Problems;

/// <summary>
/// Writes every problem as <c>application/problem+json</c>, whatever the <c>Accept</c> header says (the
/// framework's default writer declines for e.g. <c>Accept: text/html</c> and falls back to plain text), and
/// fills in what every WabaGate problem carries: <c>code</c>, <c>detail</c>, <c>title</c>, <c>traceId</c>,
/// <c>instance</c> (the path only — a query string can hold secrets).
/// </summary>
internal sealed class ProblemJsonWriter(IOptions<ProblemDetailsOptions> problemOptions, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> jsonOptions) : IProblemDetailsWriter
{
    private const string ContentType = "application/problem+json";

    public bool CanWrite(ProblemDetailsContext context) => true;

    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        Enrich(context.HttpContext, context.ProblemDetails);
        problemOptions.Value.CustomizeProblemDetails?.Invoke(context);
        var problem = context.ProblemDetails;
        var response = context.HttpContext.Response;
        response.StatusCode = problem.Status ?? response.StatusCode;
        return new ValueTask(response.WriteAsJsonAsync(problem, problem.GetType(), jsonOptions.Value.SerializerOptions, ContentType, context.HttpContext.RequestAborted));
    }

    internal static void Enrich(HttpContext http, ProblemDetails problem)
    {
        var status = problem.Status ?? (http.Response.StatusCode >= 400 ? http.Response.StatusCode : StatusCodes.Status500InternalServerError);
        problem.Status = status;
        problem.Title ??= ReasonPhrases.GetReasonPhrase(status);
        problem.Detail ??= ProblemCodes.DefaultDetail(status);
        problem.Instance ??= (http.Request.PathBase + http.Request.Path).Value;
        if (!problem.Extensions.ContainsKey(ProblemFields.Code))
        {
            problem.Extensions[ProblemFields.Code] = problem is HttpValidationProblemDetails
                ? ProblemCodes.ValidationFailed
                : ProblemCodes.ForStatus(status);
        }

        problem.Extensions[ProblemFields.TraceId] = Activity.Current?.Id ?? http.TraceIdentifier;
    }
}
