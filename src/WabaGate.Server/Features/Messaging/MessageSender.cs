using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Compliance;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Tenancy;
using WabaGate.Server.Infrastructure.Jobs;
using WabaGate.Server.Infrastructure.Problems;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// Accepts an outbound message: validates it, enforces the 24 h window and the approval policy, and commits the
/// message row (queued or pending_approval) together with its send job in one commit, shared with concurrent accepts
/// (<see cref="IAcceptCommitter"/>).
/// </summary>
internal sealed class MessageSender(
    AppDbContext db,
    OutboundValidator validator,
    ApprovalPolicies policies,
    ConversationDirectory directory,
    MessageContentCodec codec,
    IJobQueue queue,
    ConnectionSendLimiter limiter,
    IAcceptCommitter committer,
    ReferenceCache cache,
    TimeProvider clock)
{
    private const int MaxIdempotencyKeyLength = 200;
    private const int MaxMetadataLength = 4096;

    public async Task<MessageView> AcceptAsync(Caller caller, SendMessageApiRequest request, string? idempotencyKey, CancellationToken ct)
    {
        // One connection for the request's ten-odd queries and its commit (see SendMessageHandler).
        await db.Database.OpenConnectionAsync(ct);
        string? hash = null;
        if (idempotencyKey is not null)
        {
            if (idempotencyKey.Length is 0 or > MaxIdempotencyKeyLength)
            {
                throw ApiProblemException.Validation("Idempotency-Key", $"Use 1 to {MaxIdempotencyKeyLength} characters.");
            }

            hash = Convert.ToHexStringLower(SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(request, MessageJson.Options)));
            if (await ReplayAsync(idempotencyKey, hash, ct) is { } earlier)
            {
                return earlier;
            }
        }

        var (phone, connection) = await FindPhoneAsync(request.From, ct);
        if (connection.Status != ConnectionStatus.Active || !connection.Enabled)
        {
            throw ApiProblemException.Conflict(MessagingCodes.ConnectionNotActive, $"The connection of this number is {(connection.Enabled ? Describe(connection.Status) : "disabled")}; it cannot send until it is active again.");
        }

        limiter.Take(connection.Id);
        var to = OutboundValidator.Recipient(request.To);
        var prepared = await validator.PrepareAsync(request, phone, ct);
        var metadata = Metadata(request.Metadata);
        var now = clock.GetUtcNow();
        // One commit for the contact and conversation (when new), the message and its job; the conversation also
        // carries the customer service window.
        var (contact, conversation) = await ThreadAsync(caller.OrgId, phone, to, now, ct);
        if (prepared.IsFreeForm && !IsWindowOpen(conversation.WindowExpiresAt, now))
        {
            throw ApiProblemException.Conflict(MessagingCodes.OutsideWindow, MessagingCodes.OutsideWindowDetail);
        }

        var origin = caller.ApiKeyId is null ? MessageOrigin.Ui : MessageOrigin.Api;
        var waits = ApprovalPolicies.RequiresApproval(await policies.EffectiveAsync(connection.Id, ct), origin, prepared.Type);
        var message = new Message
        {
            OrgId = caller.OrgId,
            ConnectionId = connection.Id,
            PhoneNumberRowId = phone.Id,
            Direction = MessageDirection.Outbound,
            Origin = origin,
            From = phone.PhoneNumberId,
            To = to,
            Type = prepared.Type,
            Status = waits ? MessageStatus.PendingApproval : MessageStatus.Queued,
            MediaId = prepared.MediaId,
            Metadata = metadata,
            IdempotencyKey = idempotencyKey,
            RequestHash = hash,
            RequestedBy = AuditLog.Actor(caller),
            Timestamp = now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        var body = new MessageBody(prepared.Content, prepared.Context);
        await codec.WriteAsync(message, body, ct);
        var newThread = db.Entry(conversation).State == EntityState.Added;
        Stage(message, contact, conversation, now);
        try
        {
            try
            {
                await committer.SaveAsync(db);
            }
            catch (DbUpdateException exception) when (newThread && DbErrors.IsUniqueViolation(exception))
            {
                // Another request created this contact or conversation at the same moment: use theirs.
                db.ChangeTracker.Clear();
                contact = await directory.ContactAsync(caller.OrgId, to, null, ct);
                conversation = await directory.ConversationAsync(phone, contact, ct);
                Stage(message, contact, conversation, now);
                await db.SaveChangesAsync(ct);
            }
        }
        catch (DbUpdateException exception) when (idempotencyKey is not null && DbErrors.IsUniqueViolation(exception))
        {
            // A concurrent request with the same key won the unique index: answer like a replay.
            db.ChangeTracker.Clear();
            return await ReplayAsync(idempotencyKey, hash!, ct) ?? throw new InvalidOperationException("The idempotent message vanished.");
        }

        return MessageView.Create(message, body);
    }


    /// <summary>The contact and conversation of <paramref name="to"/> on <paramref name="phone"/>; new ones are added to the unit of work, not saved.</summary>
    private async Task<(Contact Contact, Conversation Conversation)> ThreadAsync(Guid orgId, PhoneNumber phone, string to, DateTimeOffset now, CancellationToken ct)
    {
        var contact = await AcceptQueries.Contact.For(db)(db, to, ct);
        var conversation = contact is null ? null : await AcceptQueries.Conversation.For(db)(db, phone.Id, contact.Id, ct);
        if (contact is null)
        {
            contact = new Contact { OrgId = orgId, WaId = to, CreatedAt = now, UpdatedAt = now };
            db.Add(contact);
        }

        if (conversation is null)
        {
            conversation = new Conversation { OrgId = orgId, ConnectionId = phone.ConnectionId, PhoneNumberRowId = phone.Id, ContactId = contact.Id, CreatedAt = now, UpdatedAt = now };
            db.Add(conversation);
        }

        return (contact, conversation);
    }

    /// <summary>Adds the message (and, unless it waits for approval, its send job) to the unit of work; the thread shows it.</summary>
    private void Stage(Message message, Contact contact, Conversation conversation, DateTimeOffset now)
    {
        message.ConversationId = conversation.Id;
        message.ContactId = contact.Id;
        db.Add(message);
        conversation.LastMessageAt = now;
        conversation.UpdatedAt = now;
        if (message.Status == MessageStatus.Queued)
        {
            EnqueueSend(queue, message);
        }
    }

    /// <summary>Adds the <c>messages.send</c> job of <paramref name="message"/> to the unit of work (saved with it).</summary>
    public static void EnqueueSend(IJobQueue queue, Message message)
        => queue.Enqueue(MessagingCodes.SendJob, new SendMessagePayload(message.Id, message.PhoneNumberRowId), maxAttempts: 25);

    /// <summary>Whether the customer wrote to this number within the last 24 hours (the customer service window).</summary>
    public async Task<bool> WindowOpenAsync(Guid phoneRowId, string waId, DateTimeOffset now, CancellationToken ct)
    {
        var expires = await db.Set<Conversation>().AsNoTracking()
            .Where(c => c.PhoneNumberRowId == phoneRowId)
            .Join(db.Set<Contact>().Where(c => c.WaId == waId), c => c.ContactId, c => c.Id, (conversation, _) => conversation.WindowExpiresAt)
            .FirstOrDefaultAsync(ct);
        return IsWindowOpen(expires, now);
    }

    private static bool IsWindowOpen(DateTimeOffset? expiresAt, DateTimeOffset now) => expiresAt is { } at && at > now;

    private async Task<MessageView?> ReplayAsync(string key, string hash, CancellationToken ct)
    {
        var earlier = await db.Set<Message>().AsNoTracking().SingleOrDefaultAsync(m => m.IdempotencyKey == key, ct);
        if (earlier is null)
        {
            return null;
        }

        if (earlier.RequestHash != hash)
        {
            throw ApiProblemException.Conflict(MessagingCodes.IdempotencyKeyReused, "This Idempotency-Key was already used with a different request body.");
        }

        return MessageView.Create(earlier, await codec.ReadAsync(earlier, ct));
    }

    /// <summary>The sending number and its connection, in one query (cached: a change of either empties the cache).</summary>
    private async Task<(PhoneNumber Phone, Connection Connection)> FindPhoneAsync(string? from, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(from))
        {
            throw ApiProblemException.Validation("from", "Name the sending number: Meta's phone number id or WabaGate's phone-number id.");
        }

        var found = await cache.GetOrLoadAsync(new SenderKey(db.CurrentOrgId, from), (key, token)
            => Guid.TryParse(key.From, out var id) ? AcceptQueries.PhoneById.For(db)(db, id, token) : AcceptQueries.PhoneByMetaId.For(db)(db, key.From, token), ct);
        return found is null
            ? throw ApiProblemException.Validation("from", "No phone number of this organization has this id.")
            : (found.Phone, found.Connection);
    }

    private static string? Metadata(JsonElement? metadata)
    {
        if (metadata is not { ValueKind: not JsonValueKind.Null and not JsonValueKind.Undefined } value)
        {
            return null;
        }

        var text = value.GetRawText();
        return text.Length <= MaxMetadataLength ? text : throw ApiProblemException.Validation("metadata", $"At most {MaxMetadataLength} characters of JSON.");
    }

    private static string Describe(ConnectionStatus status) => status switch
    {
        ConnectionStatus.NeedsReauthorization => "waiting to be reauthorized",
        ConnectionStatus.Disconnected => "disconnected",
        ConnectionStatus.Pending => "still being set up",
        _ => "in error",
    };
}

/// <summary>The payload of a <c>messages.send</c> job: ids only.</summary>
internal sealed record SendMessagePayload(Guid MessageId, Guid PhoneNumberRowId);
