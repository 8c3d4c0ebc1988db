using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using WabaGate.Graph.Client;
using WabaGate.Graph.Json;
using WabaGate.Graph.Templates;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Connections;
using WabaGate.Server.Features.Inbox;

namespace WabaGate.Server.Features.Templates;

/// <summary>
/// Pulls every page of a connection's templates from Meta and makes the local table match: upserts by (name,
/// language) keeping Meta's id, category, status, parameter format, quality score, rejection reason and the
/// components JSON with every field (header media examples, buttons, named parameters); templates Meta no longer
/// lists are <b>removed</b> locally (they can never be sent again, and sent messages keep their own copy of what
/// was sent). Changed templates are announced as <c>template.updated</c>.
/// </summary>
internal sealed class TemplateSync(
    AppDbContext db, GraphClient graph, ConnectionSecrets secrets, ILiveEvents live, TimeProvider clock, IOptions<TemplateOptions> options, ILogger<TemplateSync> logger)
{
    public async Task<TemplateSyncResult> SyncAsync(Connection connection, CancellationToken ct)
    {
        var token = await secrets.AccessTokenAsync(connection, ct)
            ?? throw new InvalidOperationException("The connection has no access token.");
        var started = clock.GetUtcNow();
        var remote = new List<MessageTemplate>();
        await foreach (var template in graph.GetAllTemplatesAsync(connection.WabaId, token, new TemplateQuery { Limit = options.Value.SyncPageSize }, ct))
        {
            remote.Add(template);
        }

        try
        {
            return await ApplyAsync(connection, remote, started, ct);
        }
        catch (DbUpdateException exception) when (DbErrors.IsUniqueViolation(exception))
        {
            // Another sync of this connection (a job and an on-demand one) inserted the same template first: apply
            // Meta's list again over what is there now.
            db.ChangeTracker.Clear();
            return await ApplyAsync(connection, remote, started, ct);
        }
    }

    // started: when Meta's list was requested. A template created or changed here since then may be missing from
    // that list (e.g. submitted while the sync was reading), so it is not removed.
    private async Task<TemplateSyncResult> ApplyAsync(Connection connection, List<MessageTemplate> remote, DateTimeOffset started, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var local = await db.Set<Template>().Where(t => t.ConnectionId == connection.Id).ToListAsync(ct);
        var byKey = local.ToDictionary(t => (t.Name, t.Language));
        var seen = new HashSet<Guid>();
        var changed = new List<Template>();
        var (created, updated) = (0, 0);
        foreach (var template in remote)
        {
            var language = template.Language ?? string.Empty;
            if (!byKey.TryGetValue((template.Name, language), out var row))
            {
                row = new Template
                {
                    OrgId = connection.OrgId, ConnectionId = connection.Id, Name = template.Name, Language = language,
                    Category = string.Empty, Status = string.Empty, Components = "[]", CreatedAt = now,
                };
                db.Add(row);
                byKey[(row.Name, row.Language)] = row;
                created++;
                changed.Add(row);
            }
            else if (seen.Contains(row.Id))
            {
                continue; // Meta listed the same template twice (paging overlap)
            }

            seen.Add(row.Id);
            if (Apply(row, template, now) && row.CreatedAt != now)
            {
                updated++;
                changed.Add(row);
            }
        }

        var gone = local.Where(t => !seen.Contains(t.Id) && t.UpdatedAt < started).ToList();
        db.RemoveRange(gone);
        await db.SaveChangesAsync(ct);

        foreach (var row in changed)
        {
            await live.PublishAsync(connection.OrgId, LiveEventTypes.TemplateUpdated, TemplateDto.From(row), ct);
        }

        foreach (var row in gone)
        {
            await live.PublishAsync(connection.OrgId, LiveEventTypes.TemplateUpdated, TemplateDto.From(row) with { Status = TemplateStatuses.Deleted }, ct);
        }

        TemplatesLog.Synced(logger, connection.Id, remote.Count, created, updated, gone.Count);
        return new TemplateSyncResult(connection.Id, remote.Count, created, updated, gone.Count, now);
    }

    /// <summary>Copies Meta's view onto the row; true when anything but the sync time changed.</summary>
    internal static bool Apply(Template row, MessageTemplate template, DateTimeOffset now)
    {
        var components = ComponentsJson(template.Components);
        var category = template.Category?.ToUpperInvariant() ?? row.Category;
        var status = template.Status?.ToUpperInvariant() ?? row.Status;
        var format = template.ParameterFormat?.ToUpperInvariant() ?? "POSITIONAL";
        var quality = template.QualityScore?.Score ?? row.QualityScore;
        var reason = status == TemplateStatuses.Rejected ? template.RejectedReason ?? row.RejectedReason : NoneToNull(template.RejectedReason);
        var changed = row.MetaId != template.Id || row.Category != category || row.Status != status || row.ParameterFormat != format
            || row.Components != components || row.QualityScore != quality || row.RejectedReason != reason;
        row.MetaId = template.Id;
        row.Category = category;
        row.Status = status;
        row.ParameterFormat = format;
        row.Components = components;
        row.QualityScore = quality;
        row.RejectedReason = reason;
        row.SyncedAt = now;
        if (changed)
        {
            row.UpdatedAt = now;
        }

        return changed;
    }

    /// <summary>Meta's components as JSON in Meta's own (snake_case) shape, unknown members included.</summary>
    internal static string ComponentsJson(IReadOnlyList<TemplateComponentDefinition> components)
    {
        var array = new JsonArray();
        foreach (var component in components)
        {
            array.Add(JsonSerializer.SerializeToNode(component, GraphJsonContext.Default.TemplateComponentDefinition));
        }

        return array.ToJsonString();
    }

    private static string? NoneToNull(string? reason) => reason is null or "NONE" ? null : reason;
}
