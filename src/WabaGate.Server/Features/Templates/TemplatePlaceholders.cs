using System.Text.RegularExpressions;

namespace WabaGate.Server.Features.Templates;

/// <summary>The <c>{{1}}</c> / <c>{{first_name}}</c> variables of a template text, in order of first appearance.</summary>
internal static partial class TemplatePlaceholders
{
    /// <summary>Distinct variable names in order of first appearance.</summary>
    public static IReadOnlyList<string> Of(string? text)
        => text is null ? [] : [.. Pattern().Matches(text).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal)];

    /// <summary>Every occurrence, with where it stands in the text.</summary>
    public static MatchCollection Matches(string text) => Pattern().Matches(text);

    /// <summary>Replaces each variable with <paramref name="value"/>'s answer (the variable itself when it has none).</summary>
    public static string Render(string text, Func<string, string?> value)
        => Pattern().Replace(text, m => value(m.Groups[1].Value) ?? m.Value);

    public static bool IsPositional(string name) => name.Length > 0 && name.All(char.IsAsciiDigit);

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex Pattern();
}
