using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Messaging;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Paging;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Inbox;

/// <summary>The inbox's read side: conversations with their 24 h window and unread count, and each thread's messages.</summary>
internal static class ConversationsApi
{
    public static RouteGroupBuilder MapConversations(this RouteGroupBuilder api)
    {
        var conversations = api.MapGroup("/conversations").WithTags("Inbox");
        conversations.MapGet("/", List).WithSummary("Conversations, most recent activity first; status=open keeps those whose 24 h window is open.");
        conversations.MapGet("/{id:guid}/messages", Messages).WithSummary("A conversation's messages; each page is oldest to newest, the cursor goes back in time.");
        conversations.MapPost("/{id:guid}/read", MarkRead).WithSummary("Marks the conversation read in the inbox (unread back to 0).");
        return api;
    }

    private static async Task<Results<Ok<ItemsResponse<ConversationDto>>, ProblemHttpResult>> List(
        string? phoneNumberId, string? status, int? limit, string? cursor, AppDbContext db, ConversationDirectory directory, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (status is not (null or "open" or "all"))
        {
            errors["status"] = ["Use open or all."];
        }

        if (limit is < 1 or > IdPage.MaxLimit)
        {
            errors["limit"] = [$"Use 1 to {IdPage.MaxLimit}."];
        }

        var after = ActivityCursor.TryRead(cursor);
        if (cursor is not null && after is null)
        {
            errors["cursor"] = ["Not a cursor from this list."];
        }

        if (errors.Count > 0)
        {
            return ApiResults.ValidationFailed(errors.AsReadOnly());
        }

        var query = db.Set<Conversation>().AsNoTracking();
        if (phoneNumberId is not null)
        {
            // Either WabaGate's phone number id or Meta's.
            var phoneRows = Guid.TryParse(phoneNumberId, out var rowId)
                ? db.Set<PhoneNumber>().Where(p => p.Id == rowId).Select(p => p.Id)
                : db.Set<PhoneNumber>().Where(p => p.PhoneNumberId == phoneNumberId).Select(p => p.Id);
            query = query.Where(c => phoneRows.Contains(c.PhoneNumberRowId));
        }

        if (status == "open")
        {
            var now = clock.GetUtcNow();
            query = query.Where(c => c.WindowExpiresAt > now);
        }

        // Most recent activity first (an inbox), ties by id; the cursor is the last row's (activity, id).
        var take = limit ?? IdPage.DefaultLimit;
        if (after is var (at, before))
        {
            query = query.Where(c => (c.LastMessageAt ?? DateTimeOffset.MinValue) < at
                || ((c.LastMessageAt ?? DateTimeOffset.MinValue) == at && c.Id < before));
        }

        var rows = await query.OrderByDescending(c => c.LastMessageAt ?? DateTimeOffset.MinValue).ThenByDescending(c => c.Id).Take(take + 1).ToListAsync(ct);
        var next = rows.Count > take ? ActivityCursor.Write(rows[take - 1].LastMessageAt ?? DateTimeOffset.MinValue, rows[take - 1].Id) : null;
        rows = rows.Take(take).ToList();
        var contactIds = rows.Select(c => c.ContactId).Distinct().ToList();
        var contacts = await db.Set<Contact>().AsNoTracking().Where(c => contactIds.Contains(c.Id)).ToDictionaryAsync(c => c.Id, ct);
        var asOf = clock.GetUtcNow();
        var items = new List<ConversationDto>(rows.Count);
        foreach (var c in rows)
        {
            var contact = contacts[c.ContactId];
            items.Add(new ConversationDto(
                c.Id, c.ConnectionId, c.PhoneNumberRowId, new ContactRefDto(contact.WaId, await directory.ProfileNameAsync(contact, ct)),
                c.LastMessageAt, c.WindowExpiresAt, c.WindowExpiresAt > asOf, c.UnreadCount));
        }

        return TypedResults.Ok(new ItemsResponse<ConversationDto>(items, next));
    }

    private static async Task<Results<Ok<ItemsResponse<MessageView>>, ProblemHttpResult>> Messages(
        Guid id, int? limit, string? cursor, AppDbContext db, MessageContentCodec codec, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        var page = IdPage.Parse(limit, cursor, errors);
        if (errors.Count > 0)
        {
            return ApiResults.ValidationFailed(errors.AsReadOnly());
        }

        if (!await db.Set<Conversation>().AnyAsync(c => c.Id == id, ct))
        {
            return ApiResults.NotFound("No conversation with this id in your organization.");
        }

        var result = await db.Set<Message>().AsNoTracking().Where(m => m.ConversationId == id).ToPageAsync(page, m => m.Id, m => m, ct);
        var items = new List<MessageView>(result.Items.Count);
        foreach (var message in result.Items.Reverse())
        {
            items.Add(MessageView.Create(message, await codec.ReadAsync(message, ct)));
        }

        return TypedResults.Ok(new ItemsResponse<MessageView>(items, result.NextCursor));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkRead(Guid id, AppDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var updated = await db.Set<Conversation>().Where(c => c.Id == id)
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.UnreadCount, 0).SetProperty(c => c.UpdatedAt, now), ct);
        return updated == 0 ? ApiResults.NotFound("No conversation with this id in your organization.") : TypedResults.NoContent();
    }
}
