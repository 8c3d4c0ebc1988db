using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace WabaGate.Server.Data;

/// <summary>
/// An <c>INSERT</c> of every mapped property of an entity type, or an <c>UPDATE</c> of some of them by key, built from
/// the EF model: what <c>SaveChanges</c> writes, for the group-commit writers that bypass it (<see cref="SqliteModelWriter"/>,
/// <see cref="PostgresModelWriter"/>). Column names and value conversions come from the model, so a new property or
/// converter needs no change here, and every parameter is made by the property's own type mapping, as EF makes it.
/// <para>
/// Only for tables no cache depends on: writes to <see cref="ReferenceInvalidationInterceptor.Tables"/> must go
/// through EF, where the interceptor sees them.
/// </para>
/// </summary>
internal sealed record ModelStatement(string Sql, ModelValue[] Values)
{
    /// <summary>What identifies a statement in a writer's cache.</summary>
    public static (Type Type, string Columns) Key(Type type, IReadOnlyList<string>? modified)
        => (type, modified is null ? "*" : string.Join(',', modified));

    /// <param name="model">The EF model.</param>
    /// <param name="type">The entity's CLR type.</param>
    /// <param name="modified">The properties to update, or <see langword="null"/> for an insert.</param>
    /// <param name="placeholder">The provider's name for the n-th parameter (from 0).</param>
    public static ModelStatement For(IModel model, Type type, IReadOnlyList<string>? modified, Func<int, string> placeholder)
    {
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
            sql = $"INSERT INTO \"{table}\" ({string.Join(", ", properties.Select(Column))}) VALUES ({string.Join(", ", properties.Select((_, i) => placeholder(i)))})";
        }
        else
        {
            var keys = entityType.FindPrimaryKey()!.Properties;
            properties = [.. modified.Select(name => entityType.FindProperty(name) ?? throw new InvalidOperationException($"{type.Name} has no property {name}.")), .. keys];
            sql = $"UPDATE \"{table}\" SET {string.Join(", ", properties.Take(modified.Count).Select((p, i) => $"{Column(p)} = {placeholder(i)}"))} "
                + $"WHERE {string.Join(" AND ", keys.Select((p, i) => $"{Column(p)} = {placeholder(modified.Count + i)}"))}";
        }

        return new ModelStatement(sql, [.. properties.Select(p => new ModelValue(p.GetRelationalTypeMapping(), p.GetGetter(), p.IsNullable))]);
    }
}

/// <summary>One parameter of a <see cref="ModelStatement"/>: how the property's value is read and turned into what the column stores.</summary>
internal sealed record ModelValue(RelationalTypeMapping Mapping, IClrPropertyGetter Getter, bool Nullable)
{
    public DbParameter Parameter(DbCommand command, string name, object entity) => Mapping.CreateParameter(command, name, Getter.GetClrValue(entity), Nullable);
}
