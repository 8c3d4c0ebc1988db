using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WabaGate.Server.Data;

/// <summary>
/// Tells <see cref="TenantSessionInterceptor"/> that a connection was opened or closed, so its next command sets the
/// organization again. Opening is what counts: a pooled context's connection can be closed by EF's reset without
/// a close event, and Npgsql resets the session of every connection it hands out.
/// </summary>
internal sealed class TenantConnectionInterceptor(TenantSessionInterceptor session) : DbConnectionInterceptor
{
    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => session.Forget(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        session.Forget(connection);
        return Task.CompletedTask;
    }

    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => session.Forget(connection);

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        session.Forget(connection);
        return Task.CompletedTask;
    }
}
