using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Storage;

namespace WabaGate.Server.Data;

/// <summary>
/// A transaction that is either this code's own or the caller's. Writers that need their statements to commit
/// together begin one with <see cref="BeginOrJoinAsync"/>; when a caller already opened a transaction on the same
/// context (a batched job runs several units of work as one commit), they join it instead, and their commit is the
/// caller's to make.
/// </summary>
internal sealed class UnitOfWork : IAsyncDisposable
{
    private readonly IDbContextTransaction? own;

    private UnitOfWork(IDbContextTransaction? own) => this.own = own;

    /// <summary>Whether this unit of work runs inside a caller's transaction.</summary>
    public bool Joined => own is null;

    public static async Task<UnitOfWork> BeginOrJoinAsync(DatabaseFacade database, CancellationToken cancellationToken)
        => database.CurrentTransaction is null ? new UnitOfWork(await database.BeginTransactionAsync(cancellationToken)) : new UnitOfWork(null);

    /// <summary>Commits an own transaction; a joined one commits with its owner.</summary>
    public Task CommitAsync(CancellationToken cancellationToken = default) => own?.CommitAsync(cancellationToken) ?? Task.CompletedTask;

    /// <summary>
    /// Rolls back an own transaction. A joined one cannot be rolled back in part, so this throws: the owner's whole
    /// unit of work fails and its owner decides what to do (a batch runs its jobs one by one).
    /// </summary>
    public Task RollbackAsync(CancellationToken cancellationToken = default)
        => own?.RollbackAsync(cancellationToken) ?? throw new InvalidOperationException("A joined unit of work cannot be rolled back on its own.");

    public ValueTask DisposeAsync() => own?.DisposeAsync() ?? ValueTask.CompletedTask;
}
