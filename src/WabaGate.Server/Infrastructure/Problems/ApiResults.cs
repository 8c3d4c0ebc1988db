using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace WabaGate.Server.Infrastructure.Problems;

/// <summary>
/// Typed problem results for minimal-API handlers, so a handler's signature lists its failure mode:
/// <code>
/// static async Task&lt;Results&lt;Ok&lt;MessageDto&gt;, ProblemHttpResult&gt;&gt; Get(Guid id, ...) =>
///     message is null ? ApiResults.NotFound("No message with this id.") : TypedResults.Ok(dto);
/// </code>
/// The writer adds <c>traceId</c>, <c>title</c> and <c>instance</c>; the content type is
/// <c>application/problem+json</c>. Bare status results (<c>TypedResults.NotFound()</c>) also become
/// problems through the status-code pages, with the default code for the status.
/// </summary>
internal static class ApiResults
{
    public const string ValidationDetail = "One or more fields are invalid.";

    /// <summary>A problem with a stable <paramref name="code"/> (snake_case) and a human <paramref name="detail"/>.</summary>
    public static ProblemHttpResult Problem(
        string code,
        int status,
        string detail,
        IReadOnlyDictionary<string, string[]>? errors = null,
        MetaErrorInfo? meta = null)
        => TypedResults.Problem(CreateProblemDetails(code, status, detail, errors, meta));

    /// <summary>400 <c>validation_failed</c> with <c>errors: {field: [messages]}</c>.</summary>
    public static ProblemHttpResult ValidationFailed(IReadOnlyDictionary<string, string[]> errors, string detail = ValidationDetail)
        => Problem(ProblemCodes.ValidationFailed, StatusCodes.Status400BadRequest, detail, errors);

    /// <summary>400 <c>validation_failed</c> for one field.</summary>
    public static ProblemHttpResult ValidationFailed(string field, string message)
        => ValidationFailed(new Dictionary<string, string[]> { [field] = [message] });

    public static ProblemHttpResult NotFound(string detail)
        => Problem(ProblemCodes.NotFound, StatusCodes.Status404NotFound, detail);

    public static ProblemHttpResult Forbidden(string detail, string code = ProblemCodes.Forbidden)
        => Problem(code, StatusCodes.Status403Forbidden, detail);

    public static ProblemHttpResult Conflict(string code, string detail)
        => Problem(code, StatusCodes.Status409Conflict, detail);

    /// <summary>The result form of a thrown <see cref="ApiProblemException"/>.</summary>
    public static ProblemHttpResult From(ApiProblemException problem)
    {
        ArgumentNullException.ThrowIfNull(problem);
        return TypedResults.Problem(problem.ToProblemDetails());
    }

    public static ProblemDetails CreateProblemDetails(
        string code,
        int status,
        string detail,
        IReadOnlyDictionary<string, string[]>? errors = null,
        MetaErrorInfo? meta = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        var problem = new ProblemDetails { Status = status, Detail = detail };
        problem.Extensions[ProblemFields.Code] = code;
        if (errors is { Count: > 0 })
        {
            problem.Extensions[ProblemFields.Errors] = errors;
        }

        if (meta is not null)
        {
            problem.Extensions[ProblemFields.Meta] = meta;
        }

        return problem;
    }
}

/// <summary>Names of the extension members WabaGate adds to RFC 9457 problem details.</summary>
internal static class ProblemFields
{
    public const string Code = "code";
    public const string TraceId = "traceId";
    public const string Errors = "errors";
    public const string Meta = "meta";
}
