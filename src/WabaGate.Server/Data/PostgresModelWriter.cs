using System.Collections.Concurrent;
using Microsoft.EntityFrameworkCore.Metadata;
using Npgsql;

namespace WabaGate.Server.Data;

/// <summary>
/// Turns units of work into one <see cref="NpgsqlBatch"/>: for each unit, the organization for row-level security
/// (<c>set_config(…, true)</c>, local to the batch's transaction) followed by its <see cref="ModelStatement"/>s, so that
/// many units cost one round trip. PostgreSQL checks foreign keys per statement, so a unit's inserts are ordered
/// principals first (by the model's foreign keys), and its updates come after them. Thread-safe.
/// </summary>
internal sealed class PostgresModelWriter
{
    private readonly ConcurrentDictionary<(Type Type, string Columns), ModelStatement> statements = new();
    private readonly ConcurrentDictionary<Type, int> ranks = new();

    /// <summary>Only makes parameters (the type mappings need a command for that); it holds no state.</summary>
    private static readonly NpgsqlCommand ParameterFactory = new();

    /// <summary>Appends a unit of work of <paramref name="orgId"/> to <paramref name="batch"/>; returns each change's command (to read its row count).</summary>
    public IReadOnlyList<(NpgsqlBatchCommand Command, TrackedChange Change)> Add(NpgsqlBatch batch, IModel model, Guid? orgId, IReadOnlyList<TrackedChange> changes)
    {
        var tenant = new NpgsqlBatchCommand("SELECT set_config('app.org_id', $1, true)");
        tenant.Parameters.Add(new NpgsqlParameter<string> { TypedValue = orgId?.ToString("D") ?? string.Empty });
        batch.BatchCommands.Add(tenant);

        var written = new List<(NpgsqlBatchCommand, TrackedChange)>(changes.Count);
        foreach (var change in changes.OrderBy(c => c.Modified is null ? Rank(model, c.Entity.GetType()) : int.MaxValue))
        {
            var type = change.Entity.GetType();
            var statement = statements.GetOrAdd(ModelStatement.Key(type, change.Modified), _ => ModelStatement.For(model, type, change.Modified, i => "$" + (i + 1)));
            var command = new NpgsqlBatchCommand(statement.Sql);
            foreach (var value in statement.Values)
            {
                // Positional parameters ($1, $2, …) carry no name.
                command.Parameters.Add(value.Parameter(ParameterFactory, string.Empty, change.Entity));
            }

            batch.BatchCommands.Add(command);
            written.Add((command, change));
        }

        return written;
    }

    /// <summary>0 for a table that references no other, else one more than the highest of the tables it references.</summary>
    private int Rank(IModel model, Type type) => ranks.GetOrAdd(type, t =>
    {
        var entityType = model.FindEntityType(t) ?? throw new InvalidOperationException($"{t.Name} is not in the model.");
        return entityType.GetForeignKeys()
            .Select(fk => fk.PrincipalEntityType.ClrType)
            .Where(principal => principal != t)
            .Select(principal => Rank(model, principal) + 1)
            .DefaultIfEmpty(0)
            .Max();
    });
}
