namespace WabaGate.Simulator.Wire;

/// <summary>The errors the simulated Graph API returns, with Meta's codes and wording.</summary>
internal static class GraphErrors
{
    public static GraphError WhatsApp(int code, string title, string details, int httpStatus = 400) =>
        new(code, $"(#{code}) {title}", httpStatus, Details: details);

    public static GraphError InvalidParameter(string details) =>
        WhatsApp(100, "Invalid parameter", details);

    public static GraphError MissingParameter(string details) =>
        WhatsApp(131008, "Required parameter is missing", details);

    public static GraphError InvalidValue(string details) =>
        WhatsApp(131009, "Parameter value is not valid", details);

    public static GraphError UnknownVersion(string version) =>
        new(100, $"Unsupported version: {version}. Use a Graph API version such as v24.0.", Subcode: 2018, Type: "OAuthException");

    public static GraphError UnknownPath(string path) =>
        new(2500, $"Unknown path components: {path}");

    public static GraphError NoToken() =>
        new(2500, "An active access token must be used to query information about the current user.");

    public static GraphError InvalidToken(int httpStatus) =>
        new(190, "Invalid OAuth access token - Cannot parse access token", httpStatus);

    public static GraphError ExpiredToken(int httpStatus, DateTimeOffset expiredAt) =>
        new(190, $"Error validating access token: Session has expired on {expiredAt:dddd, dd-MMM-yy HH:mm:ss} PDT.", httpStatus, Subcode: 463);

    public static GraphError RevokedToken(int httpStatus) =>
        new(190, "Error validating access token: The user has not authorized application.", httpStatus, Subcode: 458);

    public static GraphError ObjectNotFound(string id, string method = "get") =>
        new(100,
            $"Unsupported {method} request. Object with ID '{id}' does not exist, cannot be loaded due to missing permissions, or does not support this operation. Please read the Graph API documentation at https://developers.facebook.com/docs/graph-api",
            Subcode: 33, Type: "GraphMethodException");

    public static GraphError NonexistingField(string field, string nodeType) =>
        new(100, $"(#100) Tried accessing nonexisting field ({field}) on node type ({nodeType})");

    public static GraphError CodeUsed() =>
        new(100, "This authorization code has been used.", Subcode: 36009);

    public static GraphError CodeExpired() =>
        new(100, "This authorization code has expired.", Subcode: 36007);

    public static GraphError CodeInvalid() =>
        new(100, "Invalid verification code format.");

    public static GraphError RedirectUriMismatch() =>
        new(100, "Error validating verification code. Please make sure your redirect_uri is identical to the one you used in the OAuth dialog request", Subcode: 36008);

    public static GraphError InvalidAppId() =>
        new(101, "Error validating application. Invalid application ID.");

    public static GraphError InvalidClientSecret() =>
        new(1, "Error validating client secret.");

    public static GraphError Title(int code) => code switch
    {
        0 => new(0, "(#0) AuthException", 401),
        1 => new(1, "An unknown error has occurred.", Type: "OAuthException"),
        2 => new(2, "An unexpected error has occurred. Please retry your request later.", 503),
        4 => new(4, "(#4) Application request limit reached", 400),
        10 => new(10, "(#10) Application does not have permission for this action", 403),
        80007 => new(80007, "(#80007) There have been too many calls to this WhatsApp Business account.", 400),
        130429 => WhatsApp(130429, "Rate limit hit", "Cloud API message throughput has been reached."),
        131000 => WhatsApp(131000, "Something went wrong", "Something went wrong.", 500),
        131016 => WhatsApp(131016, "Service unavailable", "A service is temporarily unavailable.", 503),
        131026 => WhatsApp(131026, "Message undeliverable", "Unable to deliver message."),
        131047 => WhatsApp(131047, "Re-engagement message", "Message failed to send because more than 24 hours have passed since the customer last replied to this number."),
        131056 => WhatsApp(131056, "(Business Account, Consumer Account) pair rate limit hit", "Too many messages sent from this phone number to the same phone number in a short period of time."),
        131057 => WhatsApp(131057, "Account in maintenance mode", "Business Account is in maintenance mode.", 500),
        133016 => WhatsApp(133016, "Account register deregister rate limit exceeded", "Registration or Deregistration failed because there were too many attempts for this phone number in a short period of time."),
        _ => new(code, $"(#{code}) Simulated error", Details: "Error injected by the simulator."),
    };
}
