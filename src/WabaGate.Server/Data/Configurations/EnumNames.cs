using System.Text.Json;

namespace WabaGate.Server.Data.Configurations;

/// <summary>Enums stored (and shown by the API) in snake_case: <c>PendingApproval</c> ↔ <c>pending_approval</c>.</summary>
internal static class EnumNames
{
    public static string SnakeCase<TEnum>(TEnum value)
        where TEnum : struct, Enum => JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    public static TEnum ParseSnakeCase<TEnum>(string value)
        where TEnum : struct, Enum => Enum.Parse<TEnum>(value.Replace("_", string.Empty, StringComparison.Ordinal), ignoreCase: true);
}
