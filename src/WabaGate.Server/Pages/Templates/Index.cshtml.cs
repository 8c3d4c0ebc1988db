using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Errors;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Templates;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Pages.Templates;

/// <summary>
/// Templates per connection: the list with status badges, a status filter and rejection reasons, a sync button,
/// delete, and a create form whose live preview is rendered in the browser (<c>/js/templates.js</c>) with the same
/// placeholder rules; the server validates again with <see cref="TemplateValidator"/> before anything reaches Meta.
/// </summary>
internal sealed class IndexModel(AppDbContext db, TemplateService templates, TemplateSync sync) : PageModel
{
    public static readonly string[] Statuses = ["APPROVED", "PENDING", "REJECTED", "PAUSED", "DISABLED"];

    public IReadOnlyList<Connection> Connections { get; private set; } = [];

    public IReadOnlyList<TemplateDto> Templates { get; private set; } = [];

    [BindProperty(SupportsGet = true)]
    public Guid? ConnectionId { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Status { get; set; }

    [BindProperty]
    public TemplateForm Form { get; set; } = new();

    public string? Message { get; private set; }

    public IReadOnlyDictionary<string, string[]> Errors { get; private set; } = new Dictionary<string, string[]>();

    public string? ErrorDetail { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostSyncAsync(CancellationToken ct)
    {
        await LoadAsync(ct);
        if (Connections.FirstOrDefault(c => c.Id == ConnectionId && c.Status == ConnectionStatus.Active) is not { } connection)
        {
            ErrorDetail = "The connection is not active.";
            return Page();
        }

        try
        {
            var result = await sync.SyncAsync(connection, ct);
            return RedirectToPage(new { connectionId = connection.Id, status = Status, synced = result.Fetched });
        }
        catch (GraphApiException error)
        {
            ErrorDetail = $"Meta error {error.Code}: {error.GraphMessage}";
            return Page();
        }
    }

    public async Task<IActionResult> OnPostCreateAsync(CancellationToken ct)
    {
        try
        {
            var template = await templates.CreateAsync(Form.ToRequest(ConnectionId), ct);
            return RedirectToPage(new { connectionId = template.ConnectionId, created = template.Name });
        }
        catch (ApiProblemException problem)
        {
            Errors = problem.Errors ?? new Dictionary<string, string[]>();
            ErrorDetail = problem.Meta is { } meta ? $"{problem.Detail} (Meta error {meta.Code})" : problem.Detail;
            await LoadAsync(ct);
            return Page();
        }
        catch (GraphApiException error)
        {
            ErrorDetail = $"Meta error {error.Code}: {error.GraphMessage ?? "no response"}";
            await LoadAsync(ct);
            return Page();
        }
    }

    public async Task<IActionResult> OnPostDeleteAsync(Guid id, CancellationToken ct)
    {
        var template = await db.Set<Template>().SingleOrDefaultAsync(t => t.Id == id, ct);
        if (template is null)
        {
            return NotFound();
        }

        await templates.DeleteAsync(template, ct);
        return RedirectToPage(new { connectionId = template.ConnectionId, deleted = template.Name });
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Connections = await db.Set<Connection>().AsNoTracking().Where(c => c.Status != ConnectionStatus.Disconnected).OrderBy(c => c.CreatedAt).ToListAsync(ct);
        ConnectionId ??= Connections.Count > 0 ? Connections[0].Id : null;
        var query = db.Set<Template>().AsNoTracking().Where(t => t.ConnectionId == ConnectionId);
        if (Status is { Length: > 0 } status)
        {
            var wanted = status.ToUpperInvariant();
            query = query.Where(t => t.Status == wanted);
        }

        Templates = (await query.OrderBy(t => t.Name).ThenBy(t => t.Language).Take(500).ToListAsync(ct)).Select(TemplateDto.From).ToList();
        if (Request.Query.TryGetValue("synced", out var synced))
        {
            Message = $"synced:{synced}";
        }
        else if (Request.Query.TryGetValue("created", out var created))
        {
            Message = $"created:{created}";
        }
        else if (Request.Query.TryGetValue("deleted", out var deleted))
        {
            Message = $"deleted:{deleted}";
        }
    }

    public static string BadgeClass(string status) => status switch
    {
        "APPROVED" => "badge badge-ok",
        "PENDING" or "IN_APPEAL" => "badge badge-sandbox",
        "REJECTED" or "DISABLED" or "PAUSED" => "badge badge-error",
        _ => "badge badge-muted",
    };

    /// <summary>A short text of the template for the list: header, body and footer.</summary>
    public static string Summary(TemplateDto template)
    {
        var shape = TemplateShape.Parse(template.Name, template.Language, template.ParameterFormat, template.Components.GetRawText());
        return string.Join(" · ", new[] { shape.Header?.Text ?? (shape.Header is null ? null : "[" + shape.Header.Format + "]"), shape.Body, shape.Footer }
            .Where(s => !string.IsNullOrEmpty(s)));
    }
}

/// <summary>The create form: the common shapes (text header, body with examples, footer, quick replies, one URL button).</summary>
public sealed class TemplateForm
{
    public string? Name { get; set; }

    public string Language { get; set; } = "en_US";

    public string Category { get; set; } = "UTILITY";

    public string? Header { get; set; }

    public string? HeaderExample { get; set; }

    public string? Body { get; set; }

    /// <summary>One example per line, for {{1}}, {{2}}… in order.</summary>
    public string? BodyExamples { get; set; }

    public string? Footer { get; set; }

    /// <summary>Quick-reply labels, one per line.</summary>
    public string? QuickReplies { get; set; }

    public string? UrlButtonText { get; set; }

    public string? UrlButtonUrl { get; set; }

    public string? UrlButtonExample { get; set; }

    public SubmitTemplateRequest ToRequest(Guid? connectionId)
    {
        var components = new JsonArray();
        if (!string.IsNullOrWhiteSpace(Header))
        {
            var header = new JsonObject { ["type"] = "HEADER", ["format"] = "TEXT", ["text"] = Header.Trim() };
            if (!string.IsNullOrWhiteSpace(HeaderExample))
            {
                header["example"] = new JsonObject { ["header_text"] = new JsonArray(HeaderExample.Trim()) };
            }

            components.Add(header);
        }

        var body = new JsonObject { ["type"] = "BODY", ["text"] = Body?.Trim() ?? string.Empty };
        if (Lines(BodyExamples) is { Count: > 0 } examples)
        {
            body["example"] = new JsonObject { ["body_text"] = new JsonArray(new JsonArray([.. examples.Select(e => (JsonNode)e)])) };
        }

        components.Add(body);
        if (!string.IsNullOrWhiteSpace(Footer))
        {
            components.Add(new JsonObject { ["type"] = "FOOTER", ["text"] = Footer.Trim() });
        }

        var buttons = new JsonArray();
        foreach (var label in Lines(QuickReplies))
        {
            buttons.Add(new JsonObject { ["type"] = "QUICK_REPLY", ["text"] = label });
        }

        if (!string.IsNullOrWhiteSpace(UrlButtonText) || !string.IsNullOrWhiteSpace(UrlButtonUrl))
        {
            var url = new JsonObject { ["type"] = "URL", ["text"] = UrlButtonText?.Trim(), ["url"] = UrlButtonUrl?.Trim() };
            if (!string.IsNullOrWhiteSpace(UrlButtonExample))
            {
                url["example"] = new JsonArray(UrlButtonExample.Trim());
            }

            buttons.Add(url);
        }

        if (buttons.Count > 0)
        {
            components.Add(new JsonObject { ["type"] = "BUTTONS", ["buttons"] = buttons });
        }

        using var document = JsonDocument.Parse(components.ToJsonString());
        return new SubmitTemplateRequest(connectionId, Name?.Trim(), Language.Trim(), Category, document.RootElement.Clone(), null, null);
    }

    private static List<string> Lines(string? text)
        => text is null ? [] : [.. text.Split('\n').Select(l => l.Trim()).Where(l => l.Length > 0)];
}
