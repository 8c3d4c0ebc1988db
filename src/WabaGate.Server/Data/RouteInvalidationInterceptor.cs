using System.Data.Common;
using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WabaGate.Server.Data;

/// <summary>
/// Keeps <see cref="WabaRouteCache"/> correct on this node: any command that writes <c>connections</c> or
/// <c>organizations</c> (SaveChanges, ExecuteUpdate/Delete, raw SQL) empties the cache once it has executed, and —
/// when it ran inside a transaction — again when that transaction commits, so a route read between the write and its
/// commit is not kept either. It looks at the SQL text rather than at tracked entities so that bulk updates and
/// cascades from an organization's deletion are covered as well; emptying the cache once too often costs one query.
/// </summary>
internal sealed partial class RouteInvalidationInterceptor(WabaRouteCache routes) : DbCommandInterceptor, IDbTransactionInterceptor
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

    /// <summary>Whether a statement may change which connection holds a WABA.</summary>
    internal static bool ChangesRoutes(string sql)
        => (sql.Contains("connections", StringComparison.OrdinalIgnoreCase) || sql.Contains("organizations", StringComparison.OrdinalIgnoreCase))
            && RouteWrite().IsMatch(sql);

    private void Seen(DbCommand command)
    {
        if (!ChangesRoutes(command.CommandText))
        {
            return;
        }

        routes.Invalidate();
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
            routes.Invalidate();
        }
    }

    [GeneratedRegex("""\b(?:UPDATE|INSERT\s+INTO|DELETE\s+FROM)\s+(?:ONLY\s+)?"?(?:public"?\."?)?(?:connections|organizations)\b""", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex RouteWrite();
}
