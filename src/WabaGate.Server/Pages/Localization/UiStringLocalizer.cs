using System.Globalization;
using Microsoft.Extensions.Localization;

namespace WabaGate.Server.Pages.Localization;

/// <summary>
/// <see cref="IStringLocalizer"/> over <see cref="UiText"/>: the English text is the key, and the request's
/// <see cref="UiLanguage"/> picks the translation (a missing one falls back to English).
/// </summary>
internal sealed class UiStringLocalizer(IHttpContextAccessor accessor) : IStringLocalizer<UiText>
{
    public LocalizedString this[string name] => Localize(name, []);

    public LocalizedString this[string name, params object[] arguments] => Localize(name, arguments);

    public IEnumerable<LocalizedString> GetAllStrings(bool includeParentCultures)
        => UiText.For(UiLanguage.Current(accessor.HttpContext)).Select(p => new LocalizedString(p.Key, p.Value));

    private LocalizedString Localize(string name, object[] arguments)
    {
        var found = UiText.For(UiLanguage.Current(accessor.HttpContext)).TryGetValue(name, out var text);
        text ??= name;
        var value = arguments.Length == 0 ? text : string.Format(CultureInfo.InvariantCulture, text, arguments);
        return new LocalizedString(name, value, resourceNotFound: !found && UiLanguage.Current(accessor.HttpContext) != UiLanguage.English);
    }
}
