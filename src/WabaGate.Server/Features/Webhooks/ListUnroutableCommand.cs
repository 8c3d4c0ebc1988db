using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Infrastructure.Cli;

namespace WabaGate.Server.Features.Webhooks;

/// <summary>
/// <c>wabagate webhooks unroutable</c>: the operator's view of deliveries no organization holds (they belong to no
/// tenant, so no organization's inspector shows them): when, which fields, which WABA ids, and why.
/// </summary>
internal sealed class ListUnroutableCommand : ICliCommand
{
    public IReadOnlyList<string> Path { get; } = ["webhooks", "unroutable"];

    public string Usage => "webhooks unroutable   list the newest 100 deliveries no organization holds yet";

    public async Task<int> RunAsync(IServiceProvider services, IReadOnlyList<string> args, TextWriter output, CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<AppDbContext>();
        var rows = await db.Set<WebhookDelivery>().AsNoTracking()
            .Where(d => d.OrgId == null && d.State == WebhookDeliveryState.Unroutable)
            .OrderByDescending(d => d.Id).Take(100)
            .Select(d => new { d.Id, d.ReceivedAt, d.Fields, d.EntryIds, d.Error })
            .ToListAsync(ct);
        await output.WriteLineAsync($"{rows.Count} unroutable deliveries (newest first; adopted automatically when an organization connects their WABAs)");
        foreach (var row in rows)
        {
            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{row.Id}  {row.ReceivedAt:u}  fields={row.Fields}  wabas={row.EntryIds ?? "-"}  {row.Error}"));
        }

        return CliExitCodes.Ok;
    }
}
