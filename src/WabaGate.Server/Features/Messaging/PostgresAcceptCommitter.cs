using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.Options;
using Npgsql;
using WabaGate.Server.Data;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Messaging;

/// <summary>
/// The accept group commit on PostgreSQL (<see cref="IAcceptCommitter"/>): the units of work of concurrent accepts —
/// of any organizations, each under its own row-level-security setting (<see cref="PostgresModelWriter"/>) — go out as
/// one batch in one transaction: a round trip for the batch and one for the commit, instead of two per accept and a
/// commit (and, with <c>synchronous_commit</c> on, a WAL flush) for each.
/// <para>
/// The writer has a connection of its own (a pool of one): the accepts waiting for it hold their requests'
/// connections, so taking its connection from their pool could starve it.
/// </para>
/// </summary>
internal sealed class PostgresAcceptCommitter : IAcceptCommitter, IDisposable
{
    /// <summary>Bounds one transaction (and so the latency of the accepts in it).</summary>
    private const int MaxBatch = 128;

    private readonly NpgsqlDataSource dataSource;
    private readonly JobSignal signal;
    private readonly PostgresModelWriter writer = new();
    private readonly GroupCommitQueue<Unit, bool> queue;

    public PostgresAcceptCommitter(IOptions<DatabaseOptions> options, JobSignal signal, ILogger<PostgresAcceptCommitter> logger)
    {
        dataSource = DatabaseServiceCollectionExtensions.AutoPreparedDataSource(options.Value.PostgresConnectionString!, maxPoolSize: 1);
        this.signal = signal;
        queue = new GroupCommitQueue<Unit, bool>("accepted messages", MaxBatch, CommitAsync, logger);
    }

    public async Task SaveAsync(AppDbContext source)
    {
        var changes = TrackedChange.Pending(source);
        if (changes.Count == 0)
        {
            return;
        }

        await queue.CommitAsync(new Unit(source.Model, source.CurrentOrgId, changes));
        source.ChangeTracker.AcceptAllChanges();
    }

    public void Dispose() => dataSource.Dispose();

    private async Task<bool[]> CommitAsync(IReadOnlyList<Unit> batch)
    {
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var commands = new NpgsqlBatch(connection, transaction);
            var written = batch.SelectMany(unit => writer.Add(commands, unit.Model, unit.OrgId, unit.Changes)).ToList();
            await commands.ExecuteNonQueryAsync();
            if (written.FirstOrDefault(w => w.Change.Modified is not null && w.Command.RecordsAffected != 1) is { Change: { } missing })
            {
                throw new DbUpdateConcurrencyException($"The {missing.Entity.GetType().Name} to update no longer exists.");
            }

            await transaction.CommitAsync();
        }
        catch (NpgsqlException exception)
        {
            // As SaveChanges reports it, so that callers tell a unique-index race (DbErrors) from other failures.
            throw new DbUpdateException("An error occurred while saving the accepted messages.", exception);
        }

        signal.Notify();
        return new bool[batch.Count];
    }

    /// <summary>One accept's unit of work, with the organization it was made under.</summary>
    private sealed record Unit(IModel Model, Guid? OrgId, List<TrackedChange> Changes);
}
