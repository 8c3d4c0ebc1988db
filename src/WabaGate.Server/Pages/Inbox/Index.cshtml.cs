using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Messaging;

namespace WabaGate.Server.Pages.Inbox;

/// <summary>A read-only inbox: conversations (newest first) and the selected thread; refreshed by the live event stream.</summary>
internal sealed class IndexModel(AppDbContext db, ConversationDirectory directory, MessageContentCodec codec, TimeProvider clock) : PageModel
{
    private const int Shown = 50;

    [BindProperty(SupportsGet = true)]
    public Guid? Id { get; set; }

    public IReadOnlyList<(Conversation Conversation, string WaId, string? Name)> Conversations { get; private set; } = [];

    public IReadOnlyList<(Message Message, string Summary)> Thread { get; private set; } = [];

    public DateTimeOffset Now { get; private set; }

    public async Task OnGetAsync(CancellationToken ct)
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
