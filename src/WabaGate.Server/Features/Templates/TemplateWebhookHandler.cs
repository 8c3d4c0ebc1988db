using System.Globalization;
using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Webhooks;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;
using WabaGate.Server.Features.Inbox;
using WabaGate.Server.Features.Webhooks;

namespace WabaGate.Server.Features.Templates;

/// <summary>
/// Applies Meta's template webhooks: status (with the rejection reason), quality score, category and component
/// changes. Every template webhook also requests a (coalesced) sync, which catches anything a webhook does not
/// carry; a template not known locally is picked up by that sync. Idempotent: applying the same change twice
/// leaves the same row, and a replay of an older delivery cannot resurrect a template Meta has deleted.
/// </summary>
internal sealed class TemplateWebhookHandler(
    AppDbContext db, TemplateSyncJobs syncs, ILiveEvents live, TimeProvider clock, ILogger<TemplateWebhookHandler> logger) : IWebhookFieldHandler
{
    public const string StatusField = "message_template_status_update";
    public const string QualityField = "message_template_quality_update";
    public const string CategoryField = "template_category_update";
    public const string ComponentsField = "message_template_components_update";

    public IReadOnlyCollection<string> Fields { get; } = [StatusField, QualityField, CategoryField, ComponentsField];

    public async Task<string?> ApplyAsync(WebhookFieldContext context, CancellationToken cancellationToken)
    {
        var (metaId, name, language) = context.Change.Value switch
        {
            TemplateStatusUpdate s => (s.MessageTemplateId, s.MessageTemplateName, s.MessageTemplateLanguage),
            TemplateQualityUpdate q => (q.MessageTemplateId, q.MessageTemplateName, q.MessageTemplateLanguage),
            TemplateCategoryUpdate c => (c.MessageTemplateId, c.MessageTemplateName, c.MessageTemplateLanguage),
            TemplateComponentsUpdate u => (u.MessageTemplateId, u.MessageTemplateName, u.MessageTemplateLanguage),
            _ => (null, null, null),
        };
        await syncs.RequestAsync(context.ConnectionId, cancellationToken);
        var id = metaId?.ToString(CultureInfo.InvariantCulture);
        var template = await FindAsync(context.ConnectionId, id, name, language, cancellationToken);
        if (template is null)
        {
            TemplatesLog.UnknownTemplate(logger, id ?? "?", context.Change.Field, context.ConnectionId);
            return "unknown template; sync queued";
        }

        var note = Apply(template, context.Change.Value);
        if (note is null)
        {
            return "no change";
        }

        template.MetaId ??= id;
        template.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await live.PublishAsync(context.OrgId, LiveEventTypes.TemplateUpdated, TemplateDto.From(template), cancellationToken);
        TemplatesLog.WebhookApplied(logger, template.MetaId ?? "?", context.Change.Field, note);
        return note;
    }

    private async Task<Template?> FindAsync(Guid connectionId, string? metaId, string? name, string? language, CancellationToken ct)
    {
        var templates = db.Set<Template>().Where(t => t.ConnectionId == connectionId);
        return (metaId is null ? null : await templates.FirstOrDefaultAsync(t => t.MetaId == metaId, ct))
            ?? (name is null || language is null ? null : await templates.FirstOrDefaultAsync(t => t.Name == name && t.Language == language, ct));
    }

    /// <summary>Applies the change to the row; a short note of what changed, or null when nothing did.</summary>
    internal static string? Apply(Template template, WebhookChangeValue value)
    {
        switch (value)
        {
            case TemplateStatusUpdate { Event: { Length: > 0 } happened } status:
                var next = happened.ToUpperInvariant() switch
                {
                    "FLAGGED" => template.Status, // a warning, the template stays usable
                    "REINSTATED" or "UNARCHIVED" => TemplateStatuses.Approved,
                    var other => other,
                };
                var reason = next == TemplateStatuses.Rejected
                    ? Reason(status)
                    : next is "PAUSED" or "DISABLED" or "LOCKED" ? status.OtherInfo?.Description ?? status.OtherInfo?.Title : null;
                if (status.MessageTemplateCategory is { Length: > 0 } reported && !string.Equals(reported, template.Category, StringComparison.OrdinalIgnoreCase)
                    && next != TemplateStatuses.Rejected)
                {
                    template.Category = reported.ToUpperInvariant();
                }

                if (template.Status == next && template.RejectedReason == reason)
                {
                    return null;
                }

                template.Status = next;
                template.RejectedReason = reason;
                return "status " + next;
            case TemplateQualityUpdate { NewQualityScore: { Length: > 0 } score } when !string.Equals(score, template.QualityScore, StringComparison.OrdinalIgnoreCase):
                template.QualityScore = score.ToUpperInvariant();
                return "quality " + template.QualityScore;
            case TemplateCategoryUpdate { NewCategory: { Length: > 0 } category, PreviousCategory: not null }
                when !string.Equals(category, template.Category, StringComparison.OrdinalIgnoreCase):
                template.Category = category.ToUpperInvariant();
                return "category " + template.Category;
            default:
                // Impending category changes and component text changes are picked up by the queued sync.
                return null;
        }
    }

    /// <summary>Meta's reason code with the readable explanation when the webhook carries one.</summary>
    private static string Reason(TemplateStatusUpdate status)
    {
        var code = status.Reason is { Length: > 0 } r && r != "NONE" ? r : null;
        var text = status.RejectionInfo?.Reason;
        return (code, text) switch
        {
            (not null, { Length: > 0 }) => $"{code}: {text}",
            (not null, _) => code,
            (null, { Length: > 0 }) => text,
            _ => "REJECTED",
        };
    }
}
