using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace WabaGate.Simulator.Wire;

/// <summary>One Graph API error as Meta returns it (§4.1 of the reference): body plus HTTP status.</summary>
internal sealed record GraphError(
    int Code,
    string Message,
    int HttpStatus = 400,
    int? Subcode = null,
    string? Details = null,
    string Type = "OAuthException",
    string? UserTitle = null,
    string? UserMessage = null)
{
    public JsonObject ToJson()
    {
        var error = new JsonObject
        {
            ["message"] = Message,
            ["type"] = Type,
            ["code"] = Code,
        };
        if (Details is not null)
        {
            error["error_data"] = new JsonObject { ["messaging_product"] = "whatsapp", ["details"] = Details };
        }

        if (Subcode is not null) error["error_subcode"] = Subcode;
        if (UserTitle is not null) error["error_user_title"] = UserTitle;
        if (UserMessage is not null) error["error_user_msg"] = UserMessage;
        error["fbtrace_id"] = NewTraceId();
        return new JsonObject { ["error"] = error };
    }

    public static string NewTraceId()
    {
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        return RandomNumberGenerator.GetString(alphabet, 23);
    }
}
