using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WabaGate.Server.Data;

/// <summary>
/// PostgreSQL only: prefixes every command with <c>SET LOCAL app.org_id = '…'</c> (the statement form of
/// <c>set_config('app.org_id', …, true)</c>), so row-level security sees the organization of the unit of work.
/// The setting lives for the command's transaction — explicit, or the implicit one PostgreSQL opens for a
/// batch — and never leaks to the next user of a pooled connection. The value is a formatted Guid, never text
/// from outside.
/// </summary>
internal sealed class TenantSessionInterceptor : DbCommandInterceptor
{
    public override InterceptionResult<DbDataReader> ReaderExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result)
    {
        Prefix(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<DbDataReader>> ReaderExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<DbDataReader> result, CancellationToken cancellationToken = default)
    {
        Prefix(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<int> NonQueryExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<int> result)
    {
        Prefix(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result, CancellationToken cancellationToken = default)
    {
        Prefix(command, eventData);
        return ValueTask.FromResult(result);
    }

    public override InterceptionResult<object> ScalarExecuting(DbCommand command, CommandEventData eventData, InterceptionResult<object> result)
    {
        Prefix(command, eventData);
        return result;
    }

    public override ValueTask<InterceptionResult<object>> ScalarExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<object> result, CancellationToken cancellationToken = default)
    {
        Prefix(command, eventData);
        return ValueTask.FromResult(result);
    }

    private static void Prefix(DbCommand command, CommandEventData eventData)
    {
        var orgId = (eventData.Context as AppDbContext)?.CurrentOrgId;
        command.CommandText = $"SET LOCAL app.org_id = '{orgId?.ToString("D") ?? string.Empty}';\n{command.CommandText}";
    }
}
