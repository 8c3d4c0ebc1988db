using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Connections;
using WabaGate.Server.Features.Onboarding;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure;

namespace WabaGate.Server.Pages.Settings;

/// <summary>
/// Settings → WhatsApp: the organization's connections and numbers with their health, Embedded Signup and manual
/// connect, and the lifecycle actions. The page renders the state; its script calls the JSON API for every change
/// (so the page does exactly what a host application can do). Agents see it read-only.
/// </summary>
internal sealed class WhatsAppModel(AppDbContext db, ConnectionViews views, SignupFunnel funnel, IOptions<MetaOptions> meta, IServiceProvider services)
    : PageModel
{
    public IReadOnlyList<ConnectionDto> Connections { get; private set; } = [];

    public bool CanManage { get; private set; }

    public bool IsSandbox { get; private set; }

    /// <summary>Configuration keys production needs and lacks (field lesson 1: say exactly what is missing).</summary>
    public IReadOnlyList<string> MissingConfiguration { get; private set; } = [];

    public SignupFunnelView? Funnel { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
    {
        CanManage = Caller.From(User).IsAdmin;
        IsSandbox = services.GatewayOptions().IsSandbox;
        MissingConfiguration = IsSandbox ? [] : meta.Value.MissingForProduction().ToList();
        var rows = await db.Set<Connection>().AsNoTracking().OrderBy(c => c.CreatedAt).ThenBy(c => c.Id).ToListAsync(ct);
        Connections = await views.ViewAllAsync(rows, ct);
        Funnel = CanManage ? await funnel.ReadAsync(ct) : null;

        // Manual connections' verify tokens are part of the view model but never rendered; keep the page out of caches anyway.
        Response.Headers.CacheControl = "no-store";
    }

    /// <summary>The fix offered for a connection's status, as a UI text key; null when nothing is wrong.</summary>
    public static string? Fix(ConnectionDto connection) => connection.Status switch
    {
        "needs_reauthorization" when connection.Kind == "embedded_signup"
            => "The access token no longer works. Reconnect with Meta: your conversations and settings are kept.",
        "needs_reauthorization"
            => "The access token no longer works. Paste a new access token for this account in the manual connection form below: your conversations and settings are kept.",
        "error" => "Setup did not finish. It is retried automatically; check health now to see the current state, or reconnect.",
        "disconnected" when connection.Kind == "embedded_signup" => "Reconnect with Meta to resume: the history is kept.",
        "disconnected" => "Connect again with the manual connection form to resume: the history is kept.",
        "pending" => "Setup is finishing. This page shows the result in a moment.",
        _ => null,
    };

    public static string StatusText(string status) => status switch
    {
        "active" => "Active",
        "pending" => "Pending",
        "needs_reauthorization" => "Needs reauthorization",
        "error" => "Error",
        _ => "Disconnected",
    };

    public static string StatusBadge(string status) => status switch
    {
        "active" => "badge-ok",
        "pending" => "badge-sandbox",
        "disconnected" => "badge-muted",
        _ => "badge-error",
    };

    public static string When(DateTimeOffset? time) => time?.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) ?? "—";
}
