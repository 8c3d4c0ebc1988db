using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Features.Webhooks;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.Server.Infrastructure.Paging;

namespace WabaGate.Server.Pages.WebhookEvents;

/// <summary>The webhook inspector page: deliveries with state, attempts and error; the payload and replay for Owner/Admin.</summary>
internal sealed class IndexModel(AppDbContext db, IFieldEncryptor encryptor, WebhookReplay replay) : PageModel
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static readonly IReadOnlyList<string> States = ["pending", "processed", "failed", "dead"];

    [BindProperty(SupportsGet = true)]
    public string? State { get; set; }

    [BindProperty(SupportsGet = true)]
    public string? Cursor { get; set; }

    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty(SupportsGet = true)]
    public bool Replayed { get; set; }

    public IReadOnlyList<WebhookEventDto> Items { get; private set; } = [];

    public string? NextCursor { get; private set; }

    public WebhookEventDto? Selected { get; private set; }

    public string? Payload { get; private set; }

    public string? Outcome { get; private set; }

    public bool IsAdmin => Caller.From(User).IsAdmin;

    public async Task OnGetAsync(CancellationToken ct)
    {
        var orgId = Caller.From(User).OrgId;
        var query = db.Set<WebhookDelivery>().AsNoTracking().Where(d => d.OrgId == orgId);
        if (WebhookStates.TryParse(State, out var state))
        {
            query = query.Where(d => d.State == state);
        }
        else
        {
            State = null;
        }

        var page = IdPage.Parse(50, Cursor, []);
        var result = await query.ToPageAsync(page, d => d.Id, WebhookEventDto.From, ct);
        (Items, NextCursor) = (result.Items, result.NextCursor);

        if (Id is { } id && await db.Set<WebhookDelivery>().AsNoTracking().SingleOrDefaultAsync(d => d.OrgId == orgId && d.Id == id, ct) is { } delivery)
        {
            Selected = WebhookEventDto.From(delivery);
            Outcome = delivery.Outcome is { } outcome ? Pretty(outcome) : null;
            if (IsAdmin && delivery.PayloadCipher is { } cipher)
            {
                Payload = Pretty(Encoding.UTF8.GetString(await encryptor.DecryptAsync(cipher, WebhookSecrets.Payload(orgId, delivery.Id), ct)));
            }
        }
    }

    public async Task<IActionResult> OnPostReplayAsync(Guid id, CancellationToken ct)
    {
        if (!IsAdmin)
        {
            return Forbid();
        }

        return await replay.ReplayAsync(Caller.From(User).OrgId, id, ct) is null ? NotFound() : RedirectToPage(new { id, replayed = true });
    }

    /// <summary>Indented when the text is JSON; as received otherwise (malformed deliveries are shown as they came).</summary>
    private static string Pretty(string text)
    {
        try
        {
            return JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(text), Indented);
        }
        catch (JsonException)
        {
            return text;
        }
    }
}
