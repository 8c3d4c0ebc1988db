using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure;

namespace WabaGate.Server.Features.Connections;

/// <summary>Builds API views of connections (phone numbers, and for manual ones the webhook URL and verify token).</summary>
internal sealed class ConnectionViews(AppDbContext db, ConnectionSecrets secrets, SelfUrl self)
{
    public async Task<ConnectionDto> ViewAsync(Connection connection, CancellationToken ct)
    {
        var phones = await db.Set<PhoneNumber>().AsNoTracking()
            .Where(p => p.ConnectionId == connection.Id).OrderBy(p => p.PhoneNumberId).ToListAsync(ct);
        return await ViewAsync(connection, phones, ct);
    }

    public async Task<IReadOnlyList<ConnectionDto>> ViewAllAsync(IReadOnlyList<Connection> connections, CancellationToken ct)
    {
        var ids = connections.Select(c => c.Id).ToList();
        var phones = (await db.Set<PhoneNumber>().AsNoTracking().Where(p => ids.Contains(p.ConnectionId)).ToListAsync(ct))
            .ToLookup(p => p.ConnectionId);
        var views = new List<ConnectionDto>(connections.Count);
        foreach (var connection in connections)
        {
            views.Add(await ViewAsync(connection, phones[connection.Id].OrderBy(p => p.PhoneNumberId, StringComparer.Ordinal).ToList(), ct));
        }

        return views;
    }

    private async Task<ConnectionDto> ViewAsync(Connection c, IReadOnlyList<PhoneNumber> phones, CancellationToken ct)
    {
        WebhookSettingsDto? webhook = null;
        if (c.Kind == ConnectionKind.Manual && c.WebhookKey is { } key)
        {
            var verifyToken = await secrets.DecryptAsync(c, ConnectionSecrets.VerifyToken, c.VerifyTokenCipher, ct) ?? string.Empty;
            webhook = new WebhookSettingsDto($"{self.Value}/webhooks/meta/{key}", verifyToken);
        }

        return new ConnectionDto(
            c.Id, ConnectionNames.Kind(c.Kind), c.WabaId, c.BusinessId, c.Name, ConnectionNames.Status(c.Status), c.StatusReason, c.Enabled,
            c.TokenExpiresAt, phones.Select(PhoneNumberDto.From).ToList(), webhook, c.LastHealthCheckAt, c.LastWebhookAt, c.CreatedAt, c.UpdatedAt, c.DisconnectedAt)
        {
            AutoMarkRead = c.AutoMarkRead,
        };
    }
}
