using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WabaGate.Server.Data;

/// <summary>
/// Keeps <see cref="ReferenceCache"/> correct on this node: any command that writes one of <see cref="Tables"/>
/// (SaveChanges, ExecuteUpdate/Delete, raw SQL) empties the cache once it has executed, and — when it ran inside a
/// transaction — again when that transaction commits, so a value read between the write and its commit is not kept
/// either. It looks at the SQL text rather than at tracked entities so that bulk updates and cascades from an
/// organization's deletion are covered as well; emptying the cache once too often costs a few queries.
/// </summary>
internal sealed partial class ReferenceInvalidationInterceptor(ReferenceCache cache) : DbCommandInterceptor, IDbTransactionInterceptor
{
    private static readonly object Marker = new();
    private readonly ConditionalWeakTable<DbTransaction, object> touched = [];

    public override int NonQueryExecuted(DbCommand command, CommandExecutedEventData eventData, int result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<int> NonQueryExecutedAsync(DbCommand command, CommandExecutedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }

    public override object? ScalarExecuted(DbCommand command, CommandExecutedEventData eventData, object? result)
    {
        Seen(command);
        return result;
    }

    public override ValueTask<object?> ScalarExecutedAsync(DbCommand command, CommandExecutedEventData eventData, object? result, CancellationToken cancellationToken = default)
    {
        Seen(command);
        return ValueTask.FromResult(result);
    }

    void IDbTransactionInterceptor.TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Committed(transaction);

    Task IDbTransactionInterceptor.TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken)
    {
        Committed(transaction);
        return Task.CompletedTask;
    }

    /// <summary>The tables <see cref="ReferenceCache"/> reads (the PostgreSQL triggers of the <c>ReferenceNotifications</c> migration watch the same).</summary>
    public static readonly string[] Tables = ["organizations", "connections", "phone_numbers", "approval_policies", "templates"];

    /// <summary>Whether a statement may change what <see cref="ReferenceCache"/> holds (a plain query cannot: most commands are answered by the first test).</summary>
    internal static bool ChangesReferenceData(string sql)
        => !sql.AsSpan().TrimStart().StartsWith("SELECT", StringComparison.OrdinalIgnoreCase)
            && Tables.Any(table => sql.Contains(table, StringComparison.OrdinalIgnoreCase))
            && ReferenceWrite().IsMatch(sql);

    private void Seen(DbCommand command)
    {
        if (!ChangesReferenceData(command.CommandText))
        {
            return;
        }

        cache.Invalidate();
        if (command.Transaction is { } transaction)
        {
            touched.AddOrUpdate(transaction, Marker);
        }
    }

    private void Committed(DbTransaction transaction)
    {
        if (touched.TryGetValue(transaction, out _))
        {
            touched.Remove(transaction);
            cache.Invalidate();
        }
    }

    [GeneratedRegex("""\b(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+(?:ONLY\s+)?"?(?:public"?\."?)?(?:organizations|connections|phone_numbers|approval_policies|templates)\b""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ReferenceWrite();
}
