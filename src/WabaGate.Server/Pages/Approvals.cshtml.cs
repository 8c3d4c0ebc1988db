using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Messaging;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Paging;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Pages;

/// <summary>
/// The approval queue (Owner/Admin), oldest first, 100 a page: who asked for which message, with a preview; approve
/// or reject with a reason.
/// </summary>
internal sealed class ApprovalsModel(AppDbContext db, MessageContentCodec codec, ApprovalService approvals) : PageModel
{
    private const int PageSize = 100;
    private const int PreviewLength = 300;

    public IReadOnlyList<WaitingMessage> Waiting { get; private set; } = [];

    /// <summary>Continue after this page's last message (an id cursor).</summary>
    [BindProperty(SupportsGet = true)]
    public string? After { get; set; }

    /// <summary>The cursor of the next page, when there is one.</summary>
    public string? NextCursor { get; private set; }

    /// <summary>How many messages wait in all.</summary>
    public int Total { get; private set; }

    /// <summary>The outcome of the last decision, shown once.</summary>
    public string? Notice { get; private set; }

    public bool NoticeIsError { get; private set; }

    [BindProperty]
    public string? Reason { get; set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public Task<IActionResult> OnPostApproveAsync(Guid id, CancellationToken ct) => DecideAsync(id, approve: true, ct);

    public Task<IActionResult> OnPostRejectAsync(Guid id, CancellationToken ct) => DecideAsync(id, approve: false, ct);

    private async Task<IActionResult> DecideAsync(Guid id, bool approve, CancellationToken ct)
    {
        try
        {
            await approvals.DecideAsync(Caller.From(User), id, approve, string.IsNullOrWhiteSpace(Reason) ? null : Reason.Trim(), ct);
            Notice = approve ? "Approved: the message is queued for sending." : "Rejected: the message will not be sent.";
        }
        catch (ApiProblemException problem)
        {
            Notice = problem.Detail;
            NoticeIsError = true;
        }

        Reason = null;
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        var pending = db.Set<Message>().AsNoTracking().Where(m => m.Status == MessageStatus.PendingApproval);
        Total = await pending.CountAsync(ct);
        if (IdPage.Parse(PageSize, After, []).Before is { } after)
        {
            pending = pending.Where(m => m.Id > after);
        }

        var messages = await pending.OrderBy(m => m.Id).Take(PageSize + 1).ToListAsync(ct);
        NextCursor = messages.Count > PageSize ? IdPage.Encode(messages[PageSize - 1].Id) : null;
        messages = messages.Take(PageSize).ToList();
        var waiting = new List<WaitingMessage>(messages.Count);
        foreach (var message in messages)
        {
            waiting.Add(new WaitingMessage(message, Preview(message.Type, (await codec.ReadAsync(message, ct)).Content)));
        }

        Waiting = waiting;
    }

    /// <summary>What the message says, shortened: the text, caption, template name, or the interactive body.</summary>
    internal static string Preview(string type, JsonObject content)
    {
        var text = type switch
        {
            "text" => content["body"]?.GetValue<string>(),
            "template" => $"{content["name"]?.GetValue<string>()} ({content["language"]?["code"]?.GetValue<string>()})"
                + Parameters(content),
            "interactive" => content["body"]?["text"]?.GetValue<string>(),
            "reaction" => content["emoji"]?.GetValue<string>(),
            "location" => content["name"]?.GetValue<string>() ?? $"{content["latitude"]}, {content["longitude"]}",
            "contacts" => string.Join(", ", (content["contacts"] as JsonArray ?? []).Select(c => c?["name"]?["formattedName"]?.GetValue<string>())),
            _ => content["caption"]?.GetValue<string>() ?? content["link"]?.GetValue<string>() ?? content["mimeType"]?.GetValue<string>(),
        } ?? string.Empty;
        return text.Length <= PreviewLength ? text : text[..PreviewLength] + "…";
    }

    private static string Parameters(JsonObject template)
    {
        var values = (template["components"] as JsonArray ?? [])
            .SelectMany(c => c?["parameters"] as JsonArray ?? [])
            .Select(p => p?["text"]?.GetValue<string>())
            .Where(v => v is not null)
            .ToList();
        return values.Count == 0 ? string.Empty : ": " + string.Join(" · ", values);
    }
}

/// <summary>A message in the approval queue, with its content preview.</summary>
internal sealed record WaitingMessage(Message Message, string Preview);
