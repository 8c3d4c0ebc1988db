using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace WabaGate.Server.Data;

/// <summary>
/// Inserts and updates entities on one long-lived SQLite connection with statements built from the EF model and kept
/// prepared — what <c>SaveChanges</c> writes, without its change tracking, command batching and per-call statement
/// compilation (a CPU profile of the send path showed <c>SaveChanges</c> as the single writer's largest cost). Column
/// names and value conversions come from the model, so a new property or converter needs no change here, and every
/// parameter is made by the property's own type mapping, as EF makes it.
/// <para>
/// Foreign keys are enforced as on EF's connections (the connection string turns them on), but checked at commit: the changes of a unit of work may come in
/// any order (EF sorts them by their dependencies; this does not).
/// </para>
/// <para>
/// Only for tables no cache depends on: writes to <see cref="ReferenceInvalidationInterceptor.Tables"/> must go
/// through EF, where the interceptor sees them. Not thread-safe: it belongs to one writer.
/// </para>
/// </summary>
internal sealed class SqliteModelWriter : IDisposable
{
    private readonly IModel model;
    private readonly SqliteConnection connection;
    private readonly SqliteCommand deferForeignKeys;
    private readonly Dictionary<(Type Type, string Columns), Statement> statements = [];

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

    /// <summary>Inserts <paramref name="entity"/> with every mapped property.</summary>
    public void Insert(object entity, SqliteTransaction transaction)
        => Execute(StatementFor(entity.GetType(), null), entity, transaction);

    /// <summary>Updates the <paramref name="modified"/> properties of the row with <paramref name="entity"/>'s key; the row must exist.</summary>
    public void Update(object entity, IReadOnlyList<string> modified, SqliteTransaction transaction)
    {
        if (Execute(StatementFor(entity.GetType(), modified), entity, transaction) != 1)
        {
            throw new DbUpdateConcurrencyException($"The {entity.GetType().Name} to update no longer exists.");
        }
    }

    public void Dispose()
    {
        foreach (var statement in statements.Values)
        {
            statement.Command.Dispose();
        }

        deferForeignKeys.Dispose();
        connection.Dispose();
    }

    private static int Execute(Statement statement, object entity, SqliteTransaction transaction)
    {
        var command = statement.Command;
        command.Transaction = transaction;
        command.Parameters.Clear();
        for (var i = 0; i < statement.Values.Length; i++)
        {
            var value = statement.Values[i];
            command.Parameters.Add(value.Mapping.CreateParameter(command, "$p" + i, value.Getter.GetClrValue(entity), value.Nullable));
        }

        return command.ExecuteNonQuery();
    }

    private Statement StatementFor(Type type, IReadOnlyList<string>? modified)
    {
        var key = (type, modified is null ? "*" : string.Join(',', modified));
        if (statements.TryGetValue(key, out var statement))
        {
            return statement;
        }

        var entityType = model.FindEntityType(type) ?? throw new InvalidOperationException($"{type.Name} is not in the model.");
        var table = entityType.GetTableName()!;
        if (ReferenceInvalidationInterceptor.Tables.Contains(table))
        {
            throw new InvalidOperationException($"Writes to {table} go through EF, so that cached reference data hears of them.");
        }

        var store = StoreObjectIdentifier.Table(table, entityType.GetSchema());
        string Column(IProperty p) => $"\"{p.GetColumnName(store)}\"";
        string sql;
        IProperty[] properties;
        if (modified is null)
        {
            properties = [.. entityType.GetProperties()];
            sql = $"INSERT INTO \"{table}\" ({string.Join(", ", properties.Select(Column))}) VALUES ({string.Join(", ", properties.Select((_, i) => "$p" + i))})";
        }
        else
        {
            var keys = entityType.FindPrimaryKey()!.Properties;
            properties = [.. modified.Select(name => entityType.FindProperty(name) ?? throw new InvalidOperationException($"{type.Name} has no property {name}.")), .. keys];
            sql = $"UPDATE \"{table}\" SET {string.Join(", ", properties.Take(modified.Count).Select((p, i) => $"{Column(p)} = $p{i}"))} "
                + $"WHERE {string.Join(" AND ", keys.Select((p, i) => $"{Column(p)} = $p{modified.Count + i}"))}";
        }

        var command = connection.CreateCommand();
        command.CommandText = sql;
        statement = new Statement(command, [.. properties.Select(p => new Value(p.GetRelationalTypeMapping(), p.GetGetter(), p.IsNullable))]);
        statements[key] = statement;
        return statement;
    }

    private sealed record Statement(SqliteCommand Command, Value[] Values);

    /// <summary>One parameter: how the property's value is read and turned into what the column stores.</summary>
    private sealed record Value(RelationalTypeMapping Mapping, IClrPropertyGetter Getter, bool Nullable);
}
