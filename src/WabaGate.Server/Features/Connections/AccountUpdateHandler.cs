using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Webhooks;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Webhooks;

namespace WabaGate.Server.Features.Connections;

/// <summary>
/// <c>account_update</c>: Meta telling us the WABA left (PARTNER_REMOVED, ACCOUNT_DELETED), was banned or reinstated
/// (DISABLED_UPDATE), or is restricted. The connection's status and reason follow, so the dashboard shows why.
/// </summary>
internal sealed class AccountUpdateHandler(AppDbContext db, ILiveEvents live, TimeProvider clock) : IWebhookFieldHandler
{
    public IReadOnlyCollection<string> Fields { get; } = [WebhookFields.AccountUpdate];

    public async Task<string?> ApplyAsync(WebhookFieldContext context, CancellationToken cancellationToken)
    {
        if (context.Change.Value is not AccountUpdate update || update.Event is not { } name)
        {
            return null;
        }

        var (status, reason) = Decide(update, name);
        if (status is null && reason is null)
        {
            return name;
        }

        var connection = await db.Set<Connection>().SingleOrDefaultAsync(c => c.Id == context.ConnectionId, cancellationToken);
        if (connection is null || connection.Status == ConnectionStatus.Disconnected
            || (update.WabaInfo?.WabaId is { } named && named != connection.WabaId))
        {
            return name;
        }

        connection.Status = status ?? connection.Status;
        connection.StatusReason = reason;
        connection.UpdatedAt = clock.GetUtcNow();
        if (status == ConnectionStatus.Disconnected)
        {
            connection.DisconnectedAt = connection.UpdatedAt;
            connection.AccessTokenCipher = null;
        }

        await db.SaveChangesAsync(cancellationToken);
        await live.PublishAsync(context.OrgId, LiveEventTypes.ConnectionUpdated, ConnectionUpdatedEvent.From(connection), cancellationToken);
        return name;
    }

    /// <summary>The new status (or <see langword="null"/> to keep it) and the reason shown; both null when nothing changes.</summary>
    private static (ConnectionStatus? Status, string? Reason) Decide(AccountUpdate update, string name) => name switch
    {
        "PARTNER_REMOVED" => (ConnectionStatus.Disconnected, "The business removed this app from its WhatsApp Business Account (PARTNER_REMOVED). Connect it again to resume."),
        "ACCOUNT_DELETED" => (ConnectionStatus.Disconnected, "Meta reports the WhatsApp Business Account was deleted (ACCOUNT_DELETED)."),
        "DISABLED_UPDATE" when update.BanInfo?.WabaBanState is "REINSTATE" => (ConnectionStatus.Active, null),
        "DISABLED_UPDATE" when update.BanInfo?.WabaBanState is "SCHEDULE_FOR_DISABLE" =>
            (null, $"Meta scheduled this WhatsApp Business Account to be disabled{(update.BanInfo.WabaBanDate is { } date ? " on " + date : string.Empty)}."),
        "DISABLED_UPDATE" => (ConnectionStatus.Error, "Meta disabled this WhatsApp Business Account (DISABLED_UPDATE)."),
        "ACCOUNT_VIOLATION" => (null, "Meta reported a policy violation on this WhatsApp Business Account (ACCOUNT_VIOLATION)."),
        "ACCOUNT_RESTRICTION" => (null, "Meta restricted this WhatsApp Business Account (ACCOUNT_RESTRICTION): " +
            string.Join(", ", (update.RestrictionInfo ?? []).Select(r => r.RestrictionType).OfType<string>())),
        _ => (null, null),
    };
}
