using WabaGate.Server.Data;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// Commits an accepted message's unit of work — the message, its send job, and the contact and conversation it created
/// or touched — together with concurrent accepts' (group commit: one transaction, on SQLite one fsync, on PostgreSQL one
/// round trip for the whole group). The accept still returns only after the commit that holds its rows, and a message
/// and its job still commit together. A failing group is retried accept by accept, so one bad accept (e.g. a
/// unique-index race) fails alone, with the <see cref="Microsoft.EntityFrameworkCore.DbUpdateException"/> its own
/// <c>SaveChanges</c> would have thrown. One implementation per provider (<see cref="SqliteAcceptCommitter"/>,
/// <see cref="PostgresAcceptCommitter"/>).
/// </summary>
internal interface IAcceptCommitter
{
    /// <summary>
    /// Commits the added and modified entities tracked by <paramref name="source"/>, then marks them saved there. Not
    /// cancellable: once queued the rows may be committed, and the caller must know whether they were.
    /// </summary>
    Task SaveAsync(AppDbContext source);
}
