using Microsoft.AspNetCore.WebUtilities;

namespace WabaGate.Server.Infrastructure.Problems;

/// <summary>
/// The stable, snake_case <c>code</c> values every problem response carries. Features add their own
/// (e.g. <c>template_not_found</c>) as constants next to their endpoints; these are the cross-cutting ones.
/// </summary>
internal static class ProblemCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string MalformedJson = "malformed_json";
    public const string ValidationFailed = "validation_failed";
    public const string Unauthorized = "unauthorized";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string MethodNotAllowed = "method_not_allowed";
    public const string NotAcceptable = "not_acceptable";
    public const string Conflict = "conflict";
    public const string PayloadTooLarge = "payload_too_large";
    public const string UnsupportedMediaType = "unsupported_media_type";
    public const string Unprocessable = "unprocessable";
    public const string RateLimited = "rate_limited";
    public const string InternalError = "internal_error";
    public const string BadGateway = "bad_gateway";
    public const string ServiceUnavailable = "service_unavailable";
    public const string GatewayTimeout = "gateway_timeout";

    /// <summary>The code a bare status gets when nothing more specific was said.</summary>
    public static string ForStatus(int status) => status switch
    {
        400 => InvalidRequest,
        401 => Unauthorized,
        403 => Forbidden,
        404 => NotFound,
        405 => MethodNotAllowed,
        406 => NotAcceptable,
        409 => Conflict,
        413 => PayloadTooLarge,
        415 => UnsupportedMediaType,
        422 => Unprocessable,
        429 => RateLimited,
        502 => BadGateway,
        503 => ServiceUnavailable,
        504 => GatewayTimeout,
        >= 500 => InternalError,
        _ => "http_" + status.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A human sentence for a bare status; never includes anything from the request.</summary>
    public static string DefaultDetail(int status) => status switch
    {
        400 => "The request is malformed.",
        401 => "Authentication is required: send 'Authorization: Bearer <api key>' or sign in.",
        403 => "The caller is not allowed to do this.",
        404 => "No resource exists at this address.",
        405 => "This address does not support the HTTP method used.",
        413 => "The request body is larger than this endpoint accepts.",
        415 => "The request's content type is not supported by this endpoint.",
        429 => "Too many requests; retry after the time given in Retry-After.",
        >= 500 => "An unexpected error occurred; quote the traceId when reporting it.",
        _ => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase + "." : "The request failed.",
    };
}
