using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WabaGate.Server.Data;

/// <summary>
/// Tells <see cref="TenantSessionInterceptor"/> that a connection was opened, so its next command sets the organization
/// again: Npgsql resets the session of every connection it hands out. (Closing is not a reliable signal: a pooled
/// context's connection can be closed by EF's reset without a close event.)
/// </summary>
internal sealed class TenantConnectionInterceptor(TenantSessionInterceptor session) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => session.Forget(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        session.Forget(connection);
        return Task.CompletedTask;
    }
}
