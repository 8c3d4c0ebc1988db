using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.Extensions.DependencyInjection;
using WabaGate.Server.Data;
using WabaGate.TestKit;

namespace WabaGate.Server.Tests.Data;

/// <summary>
/// Migrations are written by hand, so this is what keeps them honest: after migrating a fresh database,
/// its tables, columns, store types, nullability, keys and indexes equal what the EF model expects.
/// </summary>
public sealed class SchemaMatchesModelTests
{
    [Theory]
    [InlineData(DatabaseProvider.Sqlite)]
    [InlineData(DatabaseProvider.Postgres)]
    public async Task Migrated_schema_equals_the_model(DatabaseProvider provider)
    {
        await using var gateway = await GatewayFactory.CreateAsync(provider);
        await using var scope = gateway.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();

        var expected = FromModel(db.GetService<IDesignTimeModel>().Model.GetRelationalModel());
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync(TestContext.Current.CancellationToken);
        var actual = provider == DatabaseProvider.Postgres ? await FromPostgresAsync(connection) : await FromSqliteAsync(connection);

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Except(actual).Order(), Array.Empty<string>());
        Assert.Equal(actual.Except(expected).Order(), Array.Empty<string>());
    }

    private static SortedSet<string> FromModel(IRelationalModel model)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var table in model.Tables)
        {
            foreach (var column in table.Columns)
            {
                facts.Add($"column {table.Name}.{column.Name} {column.StoreType.ToUpperInvariant()} {(column.IsNullable ? "NULL" : "NOT NULL")}");
            }

            if (table.PrimaryKey is { } pk)
            {
                facts.Add($"primary key {table.Name} ({string.Join(",", pk.Columns.Select(c => c.Name))})");
            }

            foreach (var index in table.Indexes)
            {
                facts.Add($"index {table.Name}.{index.Name} ({string.Join(",", index.Columns.Select(c => c.Name))}){(index.IsUnique ? " unique" : string.Empty)}");
            }

            foreach (var fk in table.ForeignKeyConstraints)
            {
                facts.Add($"foreign key {table.Name} ({string.Join(",", fk.Columns.Select(c => c.Name))}) -> {fk.PrincipalTable.Name} {fk.OnDeleteAction}");
            }
        }

        return facts;
    }

    private static async Task<SortedSet<string>> FromPostgresAsync(DbConnection connection)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        await ReadAsync(connection, """
            SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull
            FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid JOIN pg_namespace n ON n.oid = c.relnamespace
            WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND c.relname <> '__EFMigrationsHistory'
            """, r => facts.Add($"column {r.GetString(0)}.{r.GetString(1)} {r.GetString(2).ToUpperInvariant()} {(r.GetBoolean(3) ? "NOT NULL" : "NULL")}"));
        await ReadAsync(connection, """
            SELECT t.relname, i.relname, ix.indisunique, ix.indisprimary,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum)
            FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE n.nspname = 'public' AND t.relname <> '__EFMigrationsHistory'
            """, r => facts.Add(r.GetBoolean(3)
                ? $"primary key {r.GetString(0)} ({r.GetString(4)})"
                : $"index {r.GetString(0)}.{r.GetString(1)} ({r.GetString(4)}){(r.GetBoolean(2) ? " unique" : string.Empty)}"));
        await ReadAsync(connection, """
            SELECT t.relname, p.relname, con.confdeltype::text,
                   (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(con.conkey) WITH ORDINALITY k(attnum, ord)
                    JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum)
            FROM pg_constraint con JOIN pg_class t ON t.oid = con.conrelid JOIN pg_class p ON p.oid = con.confrelid
            JOIN pg_namespace n ON n.oid = t.relnamespace
            WHERE con.contype = 'f' AND n.nspname = 'public'
            """, r => facts.Add($"foreign key {r.GetString(0)} ({r.GetString(3)}) -> {r.GetString(1)} {DeleteAction(r.GetString(2))}"));
        return facts;
    }

    private static async Task<SortedSet<string>> FromSqliteAsync(DbConnection connection)
    {
        var facts = new SortedSet<string>(StringComparer.Ordinal);
        var tables = new List<string>();
        await ReadAsync(connection, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT LIKE '__EFMigrations%'", r => tables.Add(r.GetString(0)));
        foreach (var table in tables)
        {
            var pk = new SortedList<long, string>();
            await ReadAsync(connection, $"SELECT name, type, \"notnull\", pk FROM pragma_table_info('{table}')", r =>
            {
                facts.Add($"column {table}.{r.GetString(0)} {r.GetString(1).ToUpperInvariant()} {(r.GetInt64(2) == 1 || r.GetInt64(3) > 0 ? "NOT NULL" : "NULL")}");
                if (r.GetInt64(3) > 0)
                {
                    pk.Add(r.GetInt64(3), r.GetString(0));
                }
            });
            if (pk.Count > 0)
            {
                facts.Add($"primary key {table} ({string.Join(",", pk.Values)})");
            }

            var indexes = new List<(string Name, bool Unique)>();
            await ReadAsync(connection, $"SELECT name, \"unique\" FROM pragma_index_list('{table}') WHERE origin = 'c'", r => indexes.Add((r.GetString(0), r.GetInt64(1) == 1)));
            foreach (var (name, unique) in indexes)
            {
                var columns = new List<string>();
                await ReadAsync(connection, $"SELECT name FROM pragma_index_info('{name}') ORDER BY seqno", r => columns.Add(r.GetString(0)));
                facts.Add($"index {table}.{name} ({string.Join(",", columns)}){(unique ? " unique" : string.Empty)}");
            }

            var fks = new Dictionary<long, (string Principal, string Action, List<string> Columns)>();
            await ReadAsync(connection, $"SELECT id, \"table\", \"from\", on_delete FROM pragma_foreign_key_list('{table}') ORDER BY id, seq", r =>
            {
                if (!fks.TryGetValue(r.GetInt64(0), out var fk))
                {
                    fks[r.GetInt64(0)] = fk = (r.GetString(1), r.GetString(3), []);
                }

                fk.Columns.Add(r.GetString(2));
            });
            foreach (var fk in fks.Values)
            {
                facts.Add($"foreign key {table} ({string.Join(",", fk.Columns)}) -> {fk.Principal} {SqliteDeleteAction(fk.Action)}");
            }
        }

        return facts;
    }

    private static string DeleteAction(string code) => code switch
    {
        "c" => "Cascade",
        "n" => "SetNull",
        "r" => "Restrict",
        _ => "NoAction",
    };

    private static string SqliteDeleteAction(string action) => action switch
    {
        "CASCADE" => "Cascade",
        "SET NULL" => "SetNull",
        "RESTRICT" => "Restrict",
        _ => "NoAction",
    };

    private static async Task ReadAsync(DbConnection connection, string sql, Action<DbDataReader> row)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            row(reader);
        }
    }
}
