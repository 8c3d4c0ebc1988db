using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// The accept's own reads (its number and connection, contact and conversation), compiled once (<c>EF.CompileAsyncQuery</c>): an ordinary LINQ query is
/// walked and hashed on each execution to find its cached plan, which a CPU profile of the send path showed as a
/// large share of the accept's cost. The tenant query filters apply to compiled queries as to any other. The
/// accept's other reads are compiled where they live (<see cref="ApprovalPolicies"/>, the template catalog).
/// </summary>
internal static class AcceptQueries
{
    public static readonly PerProviderQuery<Func<AppDbContext, Guid, CancellationToken, Task<PhoneRoute?>>> PhoneById = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, Guid id, CancellationToken _) => db.Set<PhoneNumber>().AsNoTracking()
            .Where(p => p.Id == id)
            .Join(db.Set<Connection>().AsNoTracking(), p => p.ConnectionId, c => c.Id, (p, c) => new PhoneRoute(p, c))
            .FirstOrDefault()));

    public static readonly PerProviderQuery<Func<AppDbContext, string, CancellationToken, Task<PhoneRoute?>>> PhoneByMetaId = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string phoneNumberId, CancellationToken _) => db.Set<PhoneNumber>().AsNoTracking()
            .Where(p => p.PhoneNumberId == phoneNumberId)
            .Join(db.Set<Connection>().AsNoTracking(), p => p.ConnectionId, c => c.Id, (p, c) => new PhoneRoute(p, c))
            .FirstOrDefault()));

    /// <summary>Tracked: the accept may touch it in its unit of work.</summary>
    public static readonly PerProviderQuery<Func<AppDbContext, string, CancellationToken, Task<Contact?>>> Contact = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, string waId, CancellationToken _) => db.Set<Contact>().SingleOrDefault(c => c.WaId == waId)));

    /// <summary>Tracked: the accept moves its last-message time in the same commit.</summary>
    public static readonly PerProviderQuery<Func<AppDbContext, Guid, Guid, CancellationToken, Task<Conversation?>>> Conversation = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, Guid phoneRowId, Guid contactId, CancellationToken _)
            => db.Set<Conversation>().SingleOrDefault(c => c.PhoneNumberRowId == phoneRowId && c.ContactId == contactId)));
}

internal sealed record PhoneRoute(PhoneNumber Phone, Connection Connection);

/// <summary>A sending number as a request named it, for the organization it was read for (a <see cref="ReferenceCache"/> key).</summary>
internal readonly record struct SenderKey(Guid? OrgId, string From);
