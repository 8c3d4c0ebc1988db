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
/// <para>
/// A LINQ query carries the setting in its own command text (<c>SELECT set_config(…); SELECT …</c>, one round trip
/// instead of two; the setting's result is skipped before EF reads). Other commands — raw SQL, whose text is the
/// caller's, and <c>SaveChanges</c> or scalar and non-query commands, which count what their statements return —
/// get it as a command of its own first. Either way the connection counts as set only once the command succeeded:
/// a failed command rolls its setting back with it.
/// </para>
/// </summary>
internal sealed class TenantSessionInterceptor : DbCommandInterceptor
{
    private const string OrgParameter = "wg_tenant_org";
    private const string SetSql = "SELECT set_config('app.org_id', @" + OrgParameter + ", false)";
    private const string Prefix = SetSql + ";\n";

    private readonly ConditionalWeakTable<DbConnection, string> applied = [];

    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        if (Pending(command, eventData) is { } org)
        {
            if (eventData.CommandSource == CommandSource.LinqQuery)
            {
                Prepend(command, org);
            }
            else
            {
                Apply(command, org);
            }
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        if (Pending(command, eventData) is { } org)
        {
            if (eventData.CommandSource == CommandSource.LinqQuery)
            {
                Prepend(command, org);
            }
            else
            {
                await ApplyAsync(command, org, cancellationToken);
            }
        }

        return result;
    }

    public override DbDataReader ReaderExecuted(DbCommand command, CommandExecutedEventData eventData, DbDataReader result)
    {
        if (Prepended(command) is { } org)
        {
            result.NextResult();
            applied.AddOrUpdate(command.Connection!, org);
        }

        return result;
    }

    public override async ValueTask<DbDataReader> ReaderExecutedAsync(DbCommand command, CommandExecutedEventData eventData, DbDataReader result, CancellationToken cancellationToken = default)
    {
        if (Prepended(command) is { } org)
        {
            await result.NextResultAsync(cancellationToken);
            applied.AddOrUpdate(command.Connection!, org);
        }

        return result;
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        if (Pending(command, eventData) is { } org)
        {
            Apply(command, org);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        if (Pending(command, eventData) is { } org)
        {
            await ApplyAsync(command, org, cancellationToken);
        }

        return result;
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        if (Pending(command, eventData) is { } org)
        {
            Apply(command, org);
        }

        return result;
    }

    public override async ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        if (Pending(command, eventData) is { } org)
        {
            await ApplyAsync(command, org, cancellationToken);
        }

        return result;
    }

    /// <summary>Forget what a connection was given: it was just opened, with a session Npgsql has reset.</summary>
    public void Forget(DbConnection connection) => applied.Remove(connection);

    private void Apply(DbCommand command, string org)
    {
        using var set = SetCommand(command, org);
        set.ExecuteNonQuery();
        applied.AddOrUpdate(command.Connection!, org);
    }

    private async ValueTask ApplyAsync(DbCommand command, string org, CancellationToken cancellationToken)
    {
        await using var set = SetCommand(command, org);
        await set.ExecuteNonQueryAsync(cancellationToken);
        applied.AddOrUpdate(command.Connection!, org);
    }

    private string? Pending(DbCommand command, CommandEventData eventData)
    {
        var org = (eventData.Context as AppDbContext)?.CurrentOrgId?.ToString("D") ?? string.Empty;
        return command.Connection is { } connection && applied.TryGetValue(connection, out var current) && current == org ? null : org;
    }

    private static void Prepend(DbCommand command, string org)
    {
        command.CommandText = Prefix + command.CommandText;
        command.Parameters.Add(OrgParameterOf(command, org));
    }

    /// <summary>The organization a command was given in its own text, or null if it was not.</summary>
    private static string? Prepended(DbCommand command)
        => command.CommandText.StartsWith(Prefix, StringComparison.Ordinal) ? (string)command.Parameters[OrgParameter].Value! : null;

    private static DbCommand SetCommand(DbCommand command, string org)
    {
        var set = command.Connection!.CreateCommand();
        set.Transaction = command.Transaction;
        set.CommandText = SetSql;
        set.Parameters.Add(OrgParameterOf(set, org));
        return set;
    }

    private static DbParameter OrgParameterOf(DbCommand command, string org)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = OrgParameter;
        parameter.Value = org;
        return parameter;
    }
}
