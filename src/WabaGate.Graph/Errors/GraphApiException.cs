using System.Text.Json;
using WabaGate.Graph.Json;

namespace WabaGate.Graph.Errors;

/// <summary>
/// Any failed Graph call. Carries Meta's parsed error (code, subcode, fbtrace id…), the HTTP status, the raw
/// body and a classification from <see cref="GraphErrorCodes"/>. Network failures and timeouts are reported
/// as this exception too, with <see cref="IsNetworkError"/> set, no <see cref="StatusCode"/> and class
/// <see cref="GraphErrorClass.Transient"/>: for a non-idempotent call (a send) the outcome is then unknown.
/// </summary>
public sealed class GraphApiException : Exception
{
    public GraphApiException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorClass = GraphErrorClass.Permanent;
    }

    public GraphApiException()
        : this("Graph API call failed.")
    {
    }

    public GraphApiException(string message)
        : this(message, null)
    {
    }

    /// <summary>The HTTP status of the response; null when no response arrived.</summary>
    public int? StatusCode { get; init; }

    /// <summary>Meta's parsed error object, when the body had one.</summary>
    public GraphError? Error { get; init; }

    /// <summary>The response body as received (may be empty or not JSON).</summary>
    public string? RawBody { get; init; }

    /// <summary>What to do about this error.</summary>
    public GraphErrorClass ErrorClass { get; init; }

    /// <summary>The server's <c>Retry-After</c>, when it sent one.</summary>
    public TimeSpan? RetryAfter { get; init; }

    /// <summary>True when no HTTP response arrived (connection failure or timeout).</summary>
    public bool IsNetworkError { get; init; }

    /// <summary>The HTTP method and path (without query) of the failed call; never contains secrets.</summary>
    public string? Request { get; init; }

    public int? Code => Error?.Code;
    public int? Subcode => Error?.ErrorSubcode;
    public string? ErrorType => Error?.Type;
    public string? GraphMessage => Error?.Message;
    public string? UserTitle => Error?.ErrorUserTitle;
    public string? UserMessage => Error?.ErrorUserMsg;
    public string? Details => Error?.Details;
    public string? FbTraceId => Error?.FbtraceId;

    /// <summary>The table row for <see cref="Code"/>, when known.</summary>
    public GraphErrorCodeInfo? CodeInfo => Code is { } c ? GraphErrorCodes.Find(c) : null;

    public bool IsTransient => ErrorClass == GraphErrorClass.Transient;
    public bool IsRateLimited => ErrorClass == GraphErrorClass.RateLimited;
    public bool IsAuthError => ErrorClass == GraphErrorClass.Auth;
    public bool RequiresTemplate => ErrorClass == GraphErrorClass.NeedsTemplate;

    /// <summary>Transient or rate limited: trying again later may succeed.</summary>
    public bool IsRetryable => IsTransient || IsRateLimited;

    /// <summary>Builds the exception for an error response.</summary>
    public static GraphApiException FromResponse(int statusCode, string? body, TimeSpan? retryAfter = null, string? request = null)
    {
        var error = TryParseError(body);
        var cls = GraphErrorCodes.Classify(error?.Code, statusCode, error?.IsTransient);
        var text = error is null
            ? $"Graph API call failed with HTTP {statusCode}."
            : $"Graph API error {error.Code}{(error.ErrorSubcode is { } s ? "/" + s : "")} (HTTP {statusCode}): {error.Message}";
        if (request is not null)
        {
            text = $"{request}: {text}";
        }

        return new GraphApiException(text)
        {
            StatusCode = statusCode,
            Error = error,
            RawBody = body,
            ErrorClass = cls,
            RetryAfter = retryAfter,
            Request = request,
        };
    }

    /// <summary>Builds the exception for a call that got no response.</summary>
    public static GraphApiException Network(string? request, Exception inner, bool timedOut) =>
        new($"{request ?? "Graph API call"}: {(timedOut ? "timed out" : "network failure")} ({inner.Message})", inner)
        {
            ErrorClass = GraphErrorClass.Transient,
            IsNetworkError = true,
            Request = request,
        };

    /// <summary>Parses Meta's <c>{"error":{...}}</c> body; null when it is not that shape.</summary>
    public static GraphError? TryParseError(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize(body, GraphJsonContext.Default.GraphErrorEnvelope)?.Error;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
