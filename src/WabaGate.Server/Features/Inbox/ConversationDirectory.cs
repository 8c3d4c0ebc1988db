using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Encryption;

namespace WabaGate.Server.Features.Inbox;

/// <summary>
/// Finds or creates the contact and the conversation a message belongs to, for inbound and outbound alike. Two
/// workers can meet the same new contact at once: the unique indexes decide, and the loser reads the winner's row.
/// </summary>
public sealed class ConversationDirectory(AppDbContext db, IFieldEncryptor encryptor, TimeProvider clock)
{
    /// <summary>The contact with <paramref name="waId"/>, created (and saved) if new; its profile name updated when given.</summary>
    public async Task<Contact> ContactAsync(Guid orgId, string waId, string? profileName, CancellationToken cancellationToken)
    {
        var contact = await db.Set<Contact>().SingleOrDefaultAsync(c => c.WaId == waId, cancellationToken);
        if (contact is null)
        {
            var now = clock.GetUtcNow();
            contact = new Contact { OrgId = orgId, WaId = waId, CreatedAt = now, UpdatedAt = now };
            contact = await InsertOrReadAsync(contact, () => db.Set<Contact>().SingleAsync(c => c.WaId == waId, cancellationToken), cancellationToken);
        }

        if (profileName is not null && await ProfileNameAsync(contact, cancellationToken) != profileName)
        {
            contact.ProfileNameCipher = await encryptor.EncryptStringAsync(profileName, NameContext(contact), cancellationToken);
            contact.UpdatedAt = clock.GetUtcNow();
        }

        return contact;
    }

    /// <summary>The conversation of a phone number with a contact, created (and saved) if new.</summary>
    public async Task<Conversation> ConversationAsync(PhoneNumber phone, Contact contact, CancellationToken cancellationToken)
    {
        var conversation = await db.Set<Conversation>()
            .SingleOrDefaultAsync(c => c.PhoneNumberRowId == phone.Id && c.ContactId == contact.Id, cancellationToken);
        if (conversation is not null)
        {
            return conversation;
        }

        var now = clock.GetUtcNow();
        conversation = new Conversation { OrgId = phone.OrgId, ConnectionId = phone.ConnectionId, PhoneNumberRowId = phone.Id, ContactId = contact.Id, CreatedAt = now, UpdatedAt = now };
        return await InsertOrReadAsync(
            conversation,
            () => db.Set<Conversation>().SingleAsync(c => c.PhoneNumberRowId == phone.Id && c.ContactId == contact.Id, cancellationToken),
            cancellationToken);
    }

    public async Task<string?> ProfileNameAsync(Contact contact, CancellationToken cancellationToken)
        => contact.ProfileNameCipher is null ? null : await encryptor.DecryptStringAsync(contact.ProfileNameCipher, NameContext(contact), cancellationToken);

    private static EncryptionContext NameContext(Contact contact) => EncryptionContext.For(contact.OrgId, "contacts", contact.Id, "profile_name");

    private async Task<T> InsertOrReadAsync<T>(T row, Func<Task<T>> readWinner, CancellationToken cancellationToken)
        where T : class
    {
        db.Add(row);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return row;
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            // Another worker inserted the same contact or conversation first: use theirs.
            db.Entry(row).State = EntityState.Detached;
            return await readWinner();
        }
    }
}
