using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using WabaGate.Graph.Messages;
using WabaGate.Server.Data;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Templates;

/// <summary>Resolves templates from the synced <c>templates</c> table of the current organization.</summary>
internal sealed partial class TemplateCatalog(AppDbContext db) : ITemplateCatalog
{
    public async Task<TemplateResolution> ResolveForSendAsync(Guid connectionId, string name, string language, JsonElement? parameters, CancellationToken cancellationToken)
    {
        var template = await db.Set<Template>().AsNoTracking()
            .SingleOrDefaultAsync(t => t.ConnectionId == connectionId && t.Name == name && t.Language == language, cancellationToken);
        if (template is null)
        {
            return TemplateResolution.Error("template_not_found", $"No template '{name}' in language '{language}' on this connection. Sync templates or check the name and language.");
        }

        if (template.Status != "APPROVED")
        {
            return TemplateResolution.Error("template_not_approved", $"Template '{name}' ({language}) is {template.Status}; only APPROVED templates can be sent.");
        }

        var bodyText = BodyText(template.Components);
        var expected = Placeholders().Matches(bodyText).Select(m => m.Groups[1].Value).Distinct(StringComparer.Ordinal).Count();
        var given = parameters is { ValueKind: JsonValueKind.Object } p && p.TryGetProperty("body", out var body) && body.ValueKind == JsonValueKind.Array
            ? body.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString() ?? string.Empty : v.GetRawText()).ToList()
            : [];
        if (given.Count != expected)
        {
            return TemplateResolution.Error("template_parameters_mismatch", $"Template '{name}' body takes {expected} parameter(s); {given.Count} given.");
        }

        var components = given.Count == 0 ? [] : new[] { TemplateComponent.Body([.. given.Select(v => TemplateParameter.FromText(v))]) };
        return TemplateResolution.Ok(TemplateContent.Create(name, language, components));
    }

    private static string BodyText(string componentsJson)
    {
        using var document = JsonDocument.Parse(componentsJson);
        foreach (var component in document.RootElement.EnumerateArray())
        {
            if (component.TryGetProperty("type", out var type) && string.Equals(type.GetString(), "BODY", StringComparison.OrdinalIgnoreCase)
                && component.TryGetProperty("text", out var text))
            {
                return text.GetString() ?? string.Empty;
            }
        }

        return string.Empty;
    }

    [GeneratedRegex(@"\{\{\s*([A-Za-z0-9_]+)\s*\}\}")]
    private static partial Regex Placeholders();
}
