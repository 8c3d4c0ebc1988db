using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Messaging;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Pages.Inbox;

/// <summary>
/// The inbox: conversations (latest activity first), the selected thread, and a text reply that goes through the same
/// accept path as the API (validation, the 24 h window, the approval policy for UI-originated messages); refreshed by
/// the live event stream.
/// </summary>
internal sealed class IndexModel(AppDbContext db, ConversationDirectory directory, MessageContentCodec codec, MessageSender sender, TimeProvider clock) : PageModel
{
    private const int Shown = 50;

    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    [BindProperty]
    public string? Reply { get; set; }

    /// <summary>What became of the last reply: a confirmation, or the reason it was refused.</summary>
    public string? Notice { get; private set; }

    public bool NoticeIsError { get; private set; }

    public IReadOnlyList<(Conversation Conversation, string WaId, string? Name)> Conversations { get; private set; } = [];

    public IReadOnlyList<(Message Message, string Summary)> Thread { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public Task OnGetAsync(CancellationToken ct) => LoadAsync(ct);

    public async Task<IActionResult> OnPostReplyAsync(CancellationToken ct)
    {
        var conversation = Id is { } id ? await db.Set<Conversation>().AsNoTracking().SingleOrDefaultAsync(c => c.Id == id, ct) : null;
        if (conversation is null)
        {
            return NotFound();
        }

        var waId = await db.Set<Contact>().Where(c => c.Id == conversation.ContactId).Select(c => c.WaId).SingleAsync(ct);
        var from = await db.Set<PhoneNumber>().Where(p => p.Id == conversation.PhoneNumberRowId).Select(p => p.PhoneNumberId).SingleAsync(ct);
        try
        {
            var sent = await sender.AcceptAsync(Caller.From(User), new SendMessageApiRequest(from, waId, "text", new TextRequest(Reply)), null, ct);
            Notice = sent.Status == MessageStatuses.ToApi(MessageStatus.PendingApproval)
                ? "Sent for approval: an owner or admin must approve it first."
                : "Reply queued for sending.";
            Reply = null;
        }
        catch (ApiProblemException problem)
        {
            Notice = problem.Detail;
            NoticeIsError = true;
        }

        db.ChangeTracker.Clear();
        await LoadAsync(ct);
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        Now = clock.GetUtcNow();
        var conversations = await db.Set<Conversation>().AsNoTracking().OrderByDescending(c => c.LastMessageAt).ThenByDescending(c => c.Id).Take(Shown).ToListAsync(ct);
        var contactIds = conversations.Select(c => c.ContactId).ToList();
        var contacts = await db.Set<Contact>().AsNoTracking().Where(c => contactIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var list = new List<(Conversation, string, string?)>(conversations.Count);
        foreach (var conversation in conversations)
        {
            var contact = contacts[conversation.ContactId];
            list.Add((conversation, contact.WaId, await directory.ProfileNameAsync(contact, ct)));
        }

        Conversations = list;
        Id ??= conversations.FirstOrDefault()?.Id;
        if (Id is { } id)
        {
            var messages = await db.Set<Message>().AsNoTracking().Where(m => m.ConversationId == id).OrderByDescending(m => m.Id).Take(Shown).ToListAsync(ct);
            var thread = new List<(Message, string)>(messages.Count);
            foreach (var message in messages.AsEnumerable().Reverse())
            {
                thread.Add((message, Summary(message.Type, (await codec.ReadAsync(message, ct)).Content)));
            }

            Thread = thread;
        }
    }

    /// <summary>One line for a message: its text, caption, title or emoji; otherwise its type.</summary>
    private static string Summary(string type, JsonObject content)
    {
        string? Text(string name) => content[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        return Text("body") ?? Text("caption") ?? Text("title") ?? Text("emoji") ?? Text("text") ?? Text("name") ?? $"[{type}]";
    }
}
