using WabaGate.Graph.Client;
using WabaGate.Graph.Errors;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Connections;

/// <summary>Disconnecting: unsubscribe the app (best effort), destroy the secrets, keep the row, numbers and history.</summary>
internal sealed class ConnectionLifecycle(AppDbContext db, GraphClient graph, ConnectionSecrets secrets, TimeProvider clock, ILogger<ConnectionLifecycle> logger)
{
    public async Task DisconnectAsync(Connection connection, CancellationToken ct)
    {
        if (connection.Status == ConnectionStatus.Disconnected)
        {
            return;
        }

        if (await secrets.AccessTokenAsync(connection, ct) is { } token)
        {
            try
            {
                await graph.UnsubscribeAppAsync(connection.WabaId, token, ct);
            }
            catch (GraphApiException error) when (!ct.IsCancellationRequested)
            {
                // A revoked token cannot unsubscribe; Meta stops delivering for it anyway. Disconnecting must still work.
                ConnectionsLog.UnsubscribeFailed(logger, connection.WabaId, connection.Id, error.Code);
            }
        }

        var now = clock.GetUtcNow();
        connection.AccessTokenCipher = null;
        connection.AppSecretCipher = null;
        connection.TokenExpiresAt = null;
        connection.Status = ConnectionStatus.Disconnected;
        connection.StatusReason = "Disconnected; connect the account again to resume.";
        connection.DisconnectedAt = now;
        connection.UpdatedAt = now;
        await db.SaveChangesAsync(ct);
        ConnectionsLog.Disconnected(logger, connection.Id);
    }
}
