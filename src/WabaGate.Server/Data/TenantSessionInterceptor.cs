using System.Data.Common;
using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WabaGate.Server.Data;

/// <summary>
/// PostgreSQL only: hands the unit of work's organization to row-level security. Before the first command
/// on a freshly opened connection — and again whenever the organization differs from what that connection
/// was given — it runs <c>set_config('app.org_id', …)</c>. The setting is session-scoped rather than
/// transaction-local because EF also runs commands outside transactions; it cannot leak, since it is applied
/// on every checkout (and Npgsql resets session state when a connection returns to the pool).
/// An empty value means system context, in which tenant tables show no rows.
/// </summary>
internal sealed class TenantSessionInterceptor : DbCommandInterceptor
{
    private readonly ConditionalWeakTable<DbConnection, string> applied = [];

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Apply(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Apply(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command, eventData, cancellationToken);
        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Apply(command, eventData);
        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        await ApplyAsync(command, eventData, cancellationToken);
        return result;
    }

    /// <summary>Forget what a connection was given: it was just opened, with a session Npgsql has reset.</summary>
    public void Forget(DbConnection connection) => applied.Remove(connection);

    private void Apply(DbCommand command, CommandEventData eventData)
    {
        if (Pending(command, eventData) is { } org)
        {
            using var set = SetCommand(command, org);
            set.ExecuteNonQuery();
            applied.AddOrUpdate(command.Connection!, org);
        }
    }

    private async ValueTask ApplyAsync(DbCommand command, CommandEventData eventData, CancellationToken cancellationToken)
    {
        if (Pending(command, eventData) is { } org)
        {
            await using var set = SetCommand(command, org);
            await set.ExecuteNonQueryAsync(cancellationToken);
            applied.AddOrUpdate(command.Connection!, org);
        }
    }

    private string? Pending(DbCommand command, CommandEventData eventData)
    {
        var org = (eventData.Context as AppDbContext)?.CurrentOrgId?.ToString("D") ?? string.Empty;
        return command.Connection is { } connection && applied.TryGetValue(connection, out var current) && current == org ? null : org;
    }

    private static DbCommand SetCommand(DbCommand command, string org)
    {
        var set = command.Connection!.CreateCommand();
        set.Transaction = command.Transaction;
        set.CommandText = "SELECT set_config('app.org_id', @org, false)";
        var parameter = set.CreateParameter();
        parameter.ParameterName = "org";
        parameter.Value = org;
        set.Parameters.Add(parameter);
        return set;
    }
}
