using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace WabaGate.Server.Data;

/// <summary>Tells <see cref="TenantSessionInterceptor"/> that a connection was closed, so the next checkout sets the organization again.</summary>
internal sealed class TenantConnectionInterceptor(TenantSessionInterceptor session) : DbConnectionInterceptor
{
    public override void ConnectionClosed(DbConnection connection, ConnectionEndEventData eventData) => session.Forget(connection);

    public override Task ConnectionClosedAsync(DbConnection connection, ConnectionEndEventData eventData)
    {
        session.Forget(connection);
        return Task.CompletedTask;
    }
}
