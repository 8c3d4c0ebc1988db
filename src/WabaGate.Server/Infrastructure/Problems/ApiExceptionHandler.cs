using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using WabaGate.Server.Infrastructure.Observability;

namespace WabaGate.Server.Infrastructure.Problems;

/// <summary>
/// The one place exceptions become responses: <see cref="ApiProblemException"/> as declared, feature mappers
/// (<see cref="IExceptionProblemMapper"/>), framework bad-request exceptions as 4xx, anything else as 500
/// <c>internal_error</c> whose body reveals nothing (no message, no stack trace). The log line carries the
/// stack trace with secrets redacted from messages.
/// </summary>
internal sealed partial class ApiExceptionHandler(
    IProblemDetailsService problems,
    IEnumerable<IExceptionProblemMapper> mappers,
    ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is OperationCanceledException && httpContext.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
            httpContext.Response.StatusCode = 499;
            return true;
        }

        var problem = Map(exception, httpContext);
        httpContext.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        if (exception is ApiProblemException { RetryAfter: { } retryAfter })
        {
            httpContext.Response.Headers.RetryAfter = Math.Ceiling(retryAfter.TotalSeconds).ToString(CultureInfo.InvariantCulture);
        }

        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = httpContext, ProblemDetails = problem, Exception = exception });
    }

    private ProblemDetails Map(Exception exception, HttpContext httpContext)
    {
        switch (exception)
        {
            case ApiProblemException api:
                LogProblem(logger, api.Code, api.Status);
                return api.ToProblemDetails();
            case BadHttpRequestException bad:
                var (code, detail) = Describe(bad);
                LogBadRequest(logger, code, bad.StatusCode);
                return ApiResults.CreateProblemDetails(code, bad.StatusCode, detail);
        }

        foreach (var mapper in mappers)
        {
            if (mapper.TryMap(exception, httpContext) is { } mapped)
            {
                LogMapped(logger, exception.GetType().Name, mapped.Status ?? 0);
                return mapped;
            }
        }

        LogUnhandled(logger, exception.GetType().FullName, httpContext.Request.Method, httpContext.Request.Path.Value, SecretRedactor.Describe(exception));
        return ApiResults.CreateProblemDetails(ProblemCodes.InternalError, StatusCodes.Status500InternalServerError, ProblemCodes.DefaultDetail(500));
    }

    private static (string Code, string Detail) Describe(BadHttpRequestException bad) => bad.StatusCode switch
    {
        StatusCodes.Status413PayloadTooLarge => (ProblemCodes.PayloadTooLarge, ProblemCodes.DefaultDetail(413)),
        StatusCodes.Status415UnsupportedMediaType => (ProblemCodes.UnsupportedMediaType, SecretRedactor.RedactBindingMessage(bad.Message)),
        StatusCodes.Status400BadRequest when bad.InnerException is JsonException json => (ProblemCodes.MalformedJson, MalformedJsonDetail(json)),
        _ => (ProblemCodes.ForStatus(bad.StatusCode), SecretRedactor.RedactBindingMessage(bad.Message)),
    };

    // JsonException messages quote at most a character of the input, but only the position is needed.
    private static string MalformedJsonDetail(JsonException json) => json.Path is null
        ? "The request body is not valid JSON."
        : string.Create(CultureInfo.InvariantCulture, $"The request body is not valid JSON or does not match the expected shape (at {json.Path}, line {json.LineNumber}, byte {json.BytePositionInLine}).");

    [LoggerMessage(Level = LogLevel.Debug, Message = "Request failed with problem {Code} ({Status})")]
    private static partial void LogProblem(ILogger logger, string code, int status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Bad request {Code} ({Status})")]
    private static partial void LogBadRequest(ILogger logger, string code, int status);

    [LoggerMessage(Level = LogLevel.Information, Message = "{ExceptionType} mapped to a {Status} problem")]
    private static partial void LogMapped(ILogger logger, string exceptionType, int status);

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled {ExceptionType} in {Method} {Path}: {ExceptionDetail}")]
    private static partial void LogUnhandled(ILogger logger, string? exceptionType, string method, string? path, string exceptionDetail);
}
