using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Templates;

/// <summary>
/// Resolves templates from the synced <c>templates</c> table of the current organization and fits the parameters
/// with <see cref="TemplateFitter"/> (the same code as the preview), so mismatches are caught before Meta sees them.
/// </summary>
internal sealed class TemplateCatalog(AppDbContext db, ReferenceCache cache) : ITemplateCatalog
{
    public const string NotFound = "template_not_found";
    public const string NotApproved = "template_not_approved";
    public const string ParametersMismatch = "template_parameters_mismatch";

    /// <summary>Compiled once: every templated send resolves its template, and EF would otherwise walk the expression each time.</summary>
    private static readonly PerProviderQuery<Func<AppDbContext, Guid, string, string, CancellationToken, Task<Template?>>> TemplateByName = new(() =>
        EF.CompileAsyncQuery((AppDbContext db, Guid connectionId, string name, string language, CancellationToken _)
            => db.Set<Template>().AsNoTracking().SingleOrDefault(t => t.ConnectionId == connectionId && t.Name == name && t.Language == language)));

    public async Task<TemplateResolution> ResolveForSendAsync(Guid connectionId, string name, string language, JsonElement? parameters, CancellationToken cancellationToken)
    {
        // Cached with its parsed shape: every templated send resolves its template, and a sync or status change empties the cache.
        var found = await cache.GetOrLoadAsync(new TemplateKey(db.CurrentOrgId, connectionId, name, language), async (key, ct) =>
            await TemplateByName.For(db)(db, key.ConnectionId, key.Name, key.Language, ct) is { } loaded ? new ShapedTemplate(loaded, Shape(loaded)) : null, cancellationToken);
        if (found is not var (template, shape))
        {
            return TemplateResolution.Error(NotFound, $"No template '{name}' in language '{language}' on this connection. Sync templates or check the name and language.");
        }

        if (template.Status != TemplateStatuses.Approved)
        {
            return TemplateResolution.Error(NotApproved, $"Template '{name}' ({language}) is {template.Status}; only APPROVED templates can be sent.");
        }

        var fit = TemplateFitter.Fit(shape, parameters);
        return fit.Content is { } content
            ? TemplateResolution.Ok(content)
            : TemplateResolution.Error(ParametersMismatch, $"Template '{name}' ({language}): {fit.Error}");
    }

    public static TemplateShape Shape(Template template)
        => TemplateShape.Parse(template.Name, template.Language, template.ParameterFormat, template.Components);

    private readonly record struct TemplateKey(Guid? OrgId, Guid ConnectionId, string Name, string Language);

    private sealed record ShapedTemplate(Template Template, TemplateShape Shape);
}

/// <summary>Meta's template statuses WabaGate acts on.</summary>
internal static class TemplateStatuses
{
    public const string Approved = "APPROVED";
    public const string Pending = "PENDING";
    public const string Rejected = "REJECTED";
    public const string Deleted = "DELETED";
}
