using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Webhooks;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Media;
using WabaGate.Server.Features.Messaging;
using WabaGate.Server.Infrastructure.Encryption;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// Stores the inbound messages of one <c>messages</c> change: contacts (profile names, number changes), the
/// conversation and its 24 h window, one message row per new wamid with its encrypted content, a pending media row
/// and download job per media message, and a mark-as-read job when the connection asks for it. Deduplicated on
/// wamid in the database, so redeliveries, replays and a retry after a crash add nothing twice.
/// </summary>
internal sealed class InboundMessageWriter(
    AppDbContext db, ConversationDirectory directory, MessageContentCodec codec, IJobQueue jobs, IFieldEncryptor encryptor, TimeProvider clock)
{
    public const string MarkReadJobKind = "messages.mark_read";

    /// <summary>Returns the new messages with their bodies (for live events), oldest first.</summary>
    public async Task<IReadOnlyList<(Message Message, MessageBody Body)>> WriteAsync(
        Connection connection, PhoneNumber phone, MessagesValue value, JsonElement raw, CancellationToken cancellationToken)
    {
        if (value.Messages is not { Count: > 0 } messages)
        {
            return [];
        }

        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await WriteOnceAsync(connection, phone, value, messages, raw, cancellationToken);
            }
            catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception) && attempt < 3)
            {
                // Another worker stored some of these wamids first: start again, reading what it stored.
                db.ChangeTracker.Clear();
            }
        }
    }

    private async Task<IReadOnlyList<(Message, MessageBody)>> WriteOnceAsync(
        Connection connection, PhoneNumber phone, MessagesValue value, IReadOnlyList<WebhookMessage> messages, JsonElement raw, CancellationToken cancellationToken)
    {
        var wamids = messages.Select(m => m.Id).Distinct(StringComparer.Ordinal).ToList();
        var seen = (await db.Set<Message>().AsNoTracking().Where(m => m.Wamid != null && wamids.Contains(m.Wamid))
            .Select(m => m.Wamid!).ToListAsync(cancellationToken)).ToHashSet(StringComparer.Ordinal);
        if (seen.Count == wamids.Count)
        {
            return [];
        }

        var names = (value.Contacts ?? []).Where(c => c.WaId is not null)
            .GroupBy(c => c.WaId!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().Profile?.Name, StringComparer.Ordinal);
        var rawMessages = raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("messages", out var array) && array.ValueKind == JsonValueKind.Array
            ? array.EnumerateArray().ToList()
            : [];
        var now = clock.GetUtcNow();
        var fresh = Enumerable.Range(0, messages.Count).Where(i => seen.Add(messages[i].Id)).ToList();

        // Contacts and conversations first: the directory saves new ones on its own, so no message row may be pending yet.
        var conversations = new Dictionary<string, (Contact Contact, Conversation Conversation)>(StringComparer.Ordinal);
        foreach (var from in fresh.Select(i => messages[i].From ?? "unknown").Distinct(StringComparer.Ordinal))
        {
            var contact = await directory.ContactAsync(connection.OrgId, from, names.GetValueOrDefault(from), cancellationToken);
            conversations[from] = (contact, await directory.ConversationAsync(phone, contact, cancellationToken));
        }

        var windows = new Dictionary<Guid, Window>();
        var renames = new List<(Guid ContactId, string NewWaId)>();
        var created = new List<(Message, MessageBody)>();
        foreach (var i in fresh)
        {
            var inbound = messages[i];
            var from = inbound.From ?? "unknown";
            var (contact, conversation) = conversations[from];
            var at = inbound.Time ?? now;
            var message = new Message
            {
                // Ids are time-ordered and threads page by id: a batch's messages keep Meta's order (1 ms apart).
                Id = Guid.CreateVersion7(now.AddMilliseconds(created.Count)),
                OrgId = connection.OrgId,
                ConnectionId = connection.Id,
                PhoneNumberRowId = phone.Id,
                ConversationId = conversation.Id,
                ContactId = contact.Id,
                Direction = MessageDirection.Inbound,
                Origin = MessageOrigin.System,
                From = from,
                To = phone.PhoneNumberId,
                Type = inbound.Type,
                Status = Data.Entities.MessageStatus.Received,
                Wamid = inbound.Id,
                Timestamp = at,
                CreatedAt = now,
                UpdatedAt = now,
            };

            if (inbound.Media is { Id: { } metaMediaId } media)
            {
                message.MediaId = await AddMediaAsync(connection, phone, media, metaMediaId, now, cancellationToken);
            }

            var body = InboundContent.Create(inbound, i < rawMessages.Count ? rawMessages[i] : null, message.MediaId);
            await codec.WriteAsync(message, body, cancellationToken);
            db.Add(message);
            created.Add((message, body));
            if (connection.AutoMarkRead)
            {
                jobs.Enqueue(MarkReadJobKind, new MarkReadPayload(message.Id), dedupeKey: $"mark-read:{message.Id:N}");
            }

            if (inbound.System is { Type: "user_changed_number" or "customer_changed_number" } system && (system.WaId ?? system.NewWaId) is { } newWaId && newWaId != from)
            {
                renames.Add((contact.Id, newWaId));
            }

            windows[conversation.Id] = windows.TryGetValue(conversation.Id, out var window) ? window.With(at) : new Window(1, at);
        }

        if (created.Count == 0)
        {
            return [];
        }

        await using var transaction = await UnitOfWork.BeginOrJoinAsync(db.Database, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        foreach (var (conversationId, window) in windows)
        {
            await OpenWindowAsync(conversationId, window, now, cancellationToken);
        }

        foreach (var (contactId, newWaId) in renames)
        {
            // The person keeps their history under the new number; if the new number already has a contact, both stay.
            if (!await db.Set<Contact>().AnyAsync(c => c.WaId == newWaId, cancellationToken))
            {
                await db.Set<Contact>().Where(c => c.Id == contactId)
                    .ExecuteUpdateAsync(s => s.SetProperty(c => c.WaId, newWaId).SetProperty(c => c.UpdatedAt, now), cancellationToken);
            }
        }

        await transaction.CommitAsync(cancellationToken);
        return created;
    }

    /// <summary>
    /// One UPDATE per conversation, computed in the database so concurrent workers add up: unread += new messages,
    /// last inbound = max(existing, newest), window = last inbound + 24 h.
    /// </summary>
    private Task<int> OpenWindowAsync(Guid conversationId, Window window, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var newest = window.Newest;
        var expires = newest.AddHours(24);
        return db.Set<Conversation>().Where(c => c.Id == conversationId).ExecuteUpdateAsync(
            s => s
                .SetProperty(c => c.UnreadCount, c => c.UnreadCount + window.Count)
                .SetProperty(c => c.WindowExpiresAt, c => c.LastInboundAt == null || c.LastInboundAt < newest ? expires : c.WindowExpiresAt)
                .SetProperty(c => c.LastInboundAt, c => c.LastInboundAt == null || c.LastInboundAt < newest ? newest : c.LastInboundAt)
                .SetProperty(c => c.LastMessageAt, c => c.LastMessageAt == null || c.LastMessageAt < newest ? newest : c.LastMessageAt)
                .SetProperty(c => c.UpdatedAt, now),
            cancellationToken);
    }

    private async Task<Guid> AddMediaAsync(Connection connection, PhoneNumber phone, WebhookMedia media, string metaMediaId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var file = new MediaFile
        {
            OrgId = connection.OrgId,
            ConnectionId = connection.Id,
            Origin = MediaOrigin.Inbound,
            State = MediaState.Pending,
            MimeType = media.MimeType ?? "application/octet-stream",
            MetaMediaId = metaMediaId,
            MetaPhoneNumberId = phone.PhoneNumberId,
            CreatedAt = now,
            UpdatedAt = now,
        };
        if (media.Filename is { } fileName)
        {
            file.FileNameCipher = await encryptor.EncryptStringAsync(fileName, EncryptionContext.For(file.OrgId, "media", file.Id, "file_name"), cancellationToken);
        }

        db.Add(file);
        jobs.Enqueue(MediaDownloadJob.Kind, new MediaDownloadPayload(file.Id), dedupeKey: $"media-download:{file.Id:N}", maxAttempts: MediaDownloadJob.MaxAttempts);
        return file.Id;
    }

    private readonly record struct Window(int Count, DateTimeOffset Newest)
    {
        public Window With(DateTimeOffset at) => new(Count + 1, at > Newest ? at : Newest);
    }
}

/// <summary>The mark-as-read job's payload: the inbound message's id.</summary>
internal sealed record MarkReadPayload(Guid MessageId);
