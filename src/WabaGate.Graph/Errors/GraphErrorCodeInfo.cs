namespace WabaGate.Graph.Errors;

/// <summary>One row of Meta's error-code table, with WabaGate's classification.</summary>
/// <param name="Code">Meta's <c>error.code</c>.</param>
/// <param name="Title">Meta's short title.</param>
/// <param name="Class">What to do about it.</param>
/// <param name="Explanation">A human-readable explanation, suitable for an operator or an API error detail.</param>
/// <param name="HttpStatus">The HTTP status Meta is known to answer with (archived tables; do not branch on it).</param>
/// <param name="SuggestedDelay">How long to wait before trying again, when Meta says so.</param>
public sealed record GraphErrorCodeInfo(
    int Code,
    string Title,
    GraphErrorClass Class,
    string Explanation,
    int HttpStatus = 400,
    TimeSpan? SuggestedDelay = null);
