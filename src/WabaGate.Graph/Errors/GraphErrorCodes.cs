using System.Collections.Frozen;
using static WabaGate.Graph.Errors.GraphErrorClass;

namespace WabaGate.Graph.Errors;

/// <summary>
/// Meta's error codes (reference §4.2) and their classification. One table, shared by the client,
/// the server (failed statuses, job retries) and the simulator (which error to answer with).
/// </summary>
public static class GraphErrorCodes
{
    public const int AuthException = 0;
    public const int ApiUnknown = 1;
    public const int ApiService = 2;
    public const int ApiTooManyCalls = 4;
    public const int PermissionDenied = 10;
    public const int InvalidParameter = 100;
    public const int AccessTokenInvalid = 190;
    public const int WabaRateLimit = 80007;
    public const int ThroughputReached = 130429;
    public const int UnknownError = 131000;
    public const int AccessDenied = 131005;
    public const int RequiredParameterMissing = 131008;
    public const int ParameterValueInvalid = 131009;
    public const int RecipientIsSender = 131021;
    public const int Undeliverable = 131026;
    public const int AccountLocked = 131031;
    public const int BusinessEligibility = 131042;
    public const int ReEngagementRequired = 131047;
    public const int UnsupportedMessageType = 131051;
    public const int PairRateLimit = 131056;
    public const int TemplateParameterCountMismatch = 132000;
    public const int TemplateNotFound = 132001;
    public const int TemplateParameterFormatMismatch = 132012;
    public const int TemplatePaused = 132015;
    public const int TemplateDisabled = 132016;
    public const int PinMismatch = 133005;
    public const int PhoneNotRegistered = 133010;
    public const int RegisterRateLimit = 133016;

    private static readonly FrozenDictionary<int, GraphErrorCodeInfo> Table = GraphErrorCodeTable.Rows
        .ToFrozenDictionary(r => r.Code);

    /// <summary>Every known code.</summary>
    public static IReadOnlyCollection<GraphErrorCodeInfo> All => Table.Values;

    /// <summary>The row for <paramref name="code"/>; codes 200–299 share the permission row. Null when unknown.</summary>
    public static GraphErrorCodeInfo? Find(int code)
    {
        if (Table.TryGetValue(code, out var info))
        {
            return info;
        }

        return code is > 200 and < 300
            ? Table[200] with { Code = code }
            : null;
    }

    /// <summary>
    /// Classifies an error. A known Meta code wins; otherwise Graph's <c>is_transient</c> flag, then the HTTP
    /// status (5xx/408 transient, 429 rate limited, 401 auth); anything else is permanent.
    /// </summary>
    public static GraphErrorClass Classify(int? code, int? httpStatus = null, bool? isTransient = null)
    {
        if (code is { } c && Find(c) is { } info)
        {
            return info.Class;
        }

        if (isTransient == true)
        {
            return Transient;
        }

        return httpStatus switch
        {
            null => Transient, // no response at all: a network failure or a timeout
            429 => RateLimited,
            401 => Auth,
            408 or >= 500 => Transient,
            _ => Permanent,
        };
    }

    /// <summary>A human-readable explanation for <paramref name="code"/>, or null when the code is unknown.</summary>
    public static string? Explain(int code) => Find(code)?.Explanation;
}
