using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Client;
using WabaGate.Graph.Errors;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Connections;
using WabaGate.Server.Features.Webhooks;
using WabaGate.Server.Infrastructure.Jobs;

namespace WabaGate.Server.Features.Inbox;

/// <summary>
/// Marks a new inbound message as read at Meta (blue ticks) for connections with <see cref="Connection.AutoMarkRead"/>.
/// Idempotent at Meta, so a retry after a lost answer is harmless; permanent Meta errors are not retried.
/// </summary>
internal sealed class MarkReadJob(AppDbContext db, GraphClient graph, ConnectionSecrets secrets) : IJobHandler<MarkReadPayload>
{
    public async Task<JobResult> HandleAsync(MarkReadPayload payload, JobContext context, CancellationToken cancellationToken)
    {
        var target = await (
                from m in db.Set<Message>().AsNoTracking()
                join p in db.Set<PhoneNumber>().AsNoTracking() on m.PhoneNumberRowId equals p.Id
                join c in db.Set<Connection>().AsNoTracking() on m.ConnectionId equals c.Id
                where m.Id == payload.MessageId
                select new { m.Wamid, p.PhoneNumberId, Connection = c })
            .SingleOrDefaultAsync(cancellationToken);
        if (target is not { Wamid: { } wamid } || target.Connection.Status == ConnectionStatus.Disconnected)
        {
            return JobResult.Success;
        }

        if (await secrets.AccessTokenAsync(target.Connection, cancellationToken) is not { } token)
        {
            return JobResult.Fail("The connection has no access token.");
        }

        try
        {
            await graph.MarkAsReadAsync(target.PhoneNumberId, wamid, token, ct: cancellationToken);
            return JobResult.Success;
        }
        catch (GraphApiException exception) when (exception.ErrorClass is GraphErrorClass.Permanent)
        {
            return JobResult.Fail($"Meta refused to mark the message read (code {exception.Code}).");
        }
    }
}
