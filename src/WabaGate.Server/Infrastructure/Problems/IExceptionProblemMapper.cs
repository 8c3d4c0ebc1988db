using Microsoft.AspNetCore.Mvc;

namespace WabaGate.Server.Infrastructure.Problems;

/// <summary>
/// Lets a feature translate its own exception type into a problem without the exception handler knowing
/// the type, e.g. the Graph client's <c>GraphApiException</c> → 502 <c>meta_error</c> with <c>meta</c>.
/// Register with <c>services.AddSingleton&lt;IExceptionProblemMapper, MyMapper&gt;()</c>; return
/// <see langword="null"/> for exceptions that are not yours. Build the result with
/// <see cref="ApiResults.CreateProblemDetails"/> so it has a <c>code</c>.
/// </summary>
internal interface IExceptionProblemMapper
{
    ProblemDetails? TryMap(Exception exception, HttpContext context);
}
