
namespace WabaGate.Server.Pages.Shared;

/// <summary>
/// The main navigation. An entry whose page does not exist yet is shown greyed out ("soon"), so later
/// features light up their entry just by adding the page.
/// </summary>
internal sealed class UiNavigation(EndpointDataSource endpoints)
{
    public static readonly IReadOnlyList<(string Text, string Path)> Entries =
    [
        ("Inbox", "/inbox"),
        ("WhatsApp", "/settings/whatsapp"),
        ("Templates", "/templates"),
        ("Approvals", "/approvals"),
        ("Webhook events", "/webhook-events"),
        ("Settings", "/settings/api-keys"),
    ];

    private HashSet<string>? routes;

    public bool Exists(string path)
    {
        routes ??= endpoints.Endpoints.OfType<RouteEndpoint>()
            .Select(e => "/" + (e.RoutePattern.RawText ?? string.Empty).Trim('/'))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return routes.Contains(path);
    }
}
