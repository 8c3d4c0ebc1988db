using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace WabaGate.Server.Data;

/// <summary>
/// Writes <see cref="ModelStatement"/>s on one long-lived SQLite connection and keeps them prepared — what
/// <c>SaveChanges</c> writes, without its change tracking, command batching and per-call statement compilation (a CPU
/// profile of the send path showed <c>SaveChanges</c> as the single writer's largest cost).
/// <para>
/// Foreign keys are enforced as on EF's connections (the connection string turns them on), but checked at commit: the
/// changes of a unit of work may come in any order (EF sorts them by their dependencies; this does not).
/// Not thread-safe: it belongs to one writer.
/// </para>
/// </summary>
internal sealed class SqliteModelWriter : IDisposable
{
    private readonly IModel model;
    private readonly SqliteConnection connection;
    private readonly SqliteCommand deferForeignKeys;
    private readonly Dictionary<(Type Type, string Columns), (SqliteCommand Command, ModelValue[] Values)> statements = [];

    /// <param name="model">The EF model the statements are built from.</param>
    /// <param name="connection">An open connection with EF's connection string, set up like EF's (<see cref="SqliteBusyTimeoutInterceptor.OpenPrepared"/>); the writer owns it.</param>
    public SqliteModelWriter(IModel model, SqliteConnection connection)
    {
        (this.model, this.connection) = (model, connection);
        deferForeignKeys = connection.CreateCommand();
        deferForeignKeys.CommandText = "PRAGMA defer_foreign_keys = ON;";
    }

    /// <summary>Starts a transaction whose foreign keys are checked when it commits.</summary>
    public SqliteTransaction BeginTransaction()
    {
        var transaction = connection.BeginTransaction();
        deferForeignKeys.Transaction = transaction;
        deferForeignKeys.ExecuteNonQuery();
        return transaction;
    }

    /// <summary>Inserts an added entity, or updates a modified one's changed properties (the row must exist).</summary>
    public void Write(TrackedChange change, SqliteTransaction transaction)
    {
        var (command, values) = StatementFor(change.Entity.GetType(), change.Modified);
        command.Transaction = transaction;
        command.Parameters.Clear();
        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters.Add(values[i].Parameter(command, "$p" + i, change.Entity));
        }

        if (command.ExecuteNonQuery() != 1 && change.Modified is not null)
        {
            throw new DbUpdateConcurrencyException($"The {change.Entity.GetType().Name} to update no longer exists.");
        }
    }

    public void Dispose()
    {
        foreach (var (command, _) in statements.Values)
        {
            command.Dispose();
        }

        deferForeignKeys.Dispose();
        connection.Dispose();
    }

    private (SqliteCommand Command, ModelValue[] Values) StatementFor(Type type, IReadOnlyList<string>? modified)
    {
        var key = ModelStatement.Key(type, modified);
        if (!statements.TryGetValue(key, out var statement))
        {
            var built = ModelStatement.For(model, type, modified, i => "$p" + i);
            var command = connection.CreateCommand();
            command.CommandText = built.Sql;
            statements[key] = statement = (command, built.Values);
        }

        return statement;
    }
}
