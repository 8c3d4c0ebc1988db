using Microsoft.AspNetCore.Mvc;

namespace WabaGate.Server.Infrastructure.Problems;

/// <summary>
/// A failure a feature wants the caller to see as a problem response with a stable <see cref="Code"/>.
/// Throw it from services (handlers may instead return <see cref="ApiResults"/> directly); the global
/// exception handler turns it into <c>application/problem+json</c> with <c>code</c>, <c>detail</c>,
/// <c>traceId</c> and, when set, <c>errors</c> and <c>meta</c>. Example:
/// <code>throw new ApiProblemException("template_not_found", 422, $"No approved template '{name}' in {language}.");</code>
/// The <see cref="Exception.Message"/> is the detail, so never put secrets in it.
/// </summary>
internal sealed class ApiProblemException : Exception
{
    public ApiProblemException(string code, int status, string detail, Exception? innerException = null)
        : base(detail, innerException)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(code);
        Code = code;
        Status = status;
    }

    public ApiProblemException()
        : this(ProblemCodes.InternalError, 500, "An unexpected error occurred.")
    {
    }

    public ApiProblemException(string message)
        : this(ProblemCodes.InternalError, 500, message)
    {
    }

    public ApiProblemException(string message, Exception innerException)
        : this(ProblemCodes.InternalError, 500, message, innerException)
    {
    }

    public string Code { get; }

    public int Status { get; }

    public string Detail => Message;

    /// <summary>Validation messages by field (camelCase JSON path); rendered as <c>errors</c>.</summary>
    public IReadOnlyDictionary<string, string[]>? Errors { get; init; }

    /// <summary>Meta's error when Meta caused the failure; rendered as <c>meta</c>.</summary>
    public MetaErrorInfo? Meta { get; init; }

    /// <summary>Sent as the <c>Retry-After</c> header (whole seconds), e.g. with 429 <c>rate_limited</c>.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>400 <c>validation_failed</c> with <c>errors: {field: [messages]}</c>.</summary>
    public static ApiProblemException Validation(IReadOnlyDictionary<string, string[]> errors, string detail = ApiResults.ValidationDetail)
        => new(ProblemCodes.ValidationFailed, 400, detail) { Errors = errors };

    /// <summary>400 <c>validation_failed</c> for one field.</summary>
    public static ApiProblemException Validation(string field, string message)
        => Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static ApiProblemException NotFound(string detail) => new(ProblemCodes.NotFound, 404, detail);

    public static ApiProblemException Conflict(string code, string detail) => new(code, 409, detail);

    public ProblemDetails ToProblemDetails() => ApiResults.CreateProblemDetails(Code, Status, Detail, Errors, Meta);
}
