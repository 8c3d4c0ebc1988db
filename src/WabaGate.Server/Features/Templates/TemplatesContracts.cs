using System.Text.Json;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Features.Templates;

/// <summary>A template as the API shows it; <see cref="Components"/> is Meta's components array, every field kept.</summary>
public sealed record TemplateDto(
    Guid Id,
    Guid ConnectionId,
    string? MetaId,
    string Name,
    string Language,
    string Category,
    string Status,
    string ParameterFormat,
    JsonElement Components,
    string? QualityScore,
    string? RejectedReason,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? SyncedAt)
{
    public static TemplateDto From(Template t)
    {
        using var components = JsonDocument.Parse(t.Components);
        return new(t.Id, t.ConnectionId, t.MetaId, t.Name, t.Language, t.Category, t.Status, t.ParameterFormat, components.RootElement.Clone(),
            t.QualityScore, t.RejectedReason, t.CreatedAt, t.UpdatedAt, t.SyncedAt);
    }
}

/// <summary><c>POST /api/v1/templates</c>: Meta's template definition; <see cref="Components"/> in Meta's shape.</summary>
public sealed record SubmitTemplateRequest(
    Guid? ConnectionId,
    string? Name,
    string? Language,
    string? Category,
    JsonElement? Components,
    string? ParameterFormat,
    bool? AllowCategoryChange);

/// <summary><c>POST /api/v1/templates/{id}/preview</c>: the same <c>parameters</c> a template send takes.</summary>
public sealed record PreviewTemplateRequest(JsonElement? Parameters);

/// <summary>The rendered template and Meta's <c>template</c> object a send with these parameters would carry.</summary>
public sealed record TemplatePreviewResponse(Guid TemplateId, TemplatePreview Preview, JsonElement Template);

/// <summary>What one connection's sync found at Meta and changed locally.</summary>
public sealed record TemplateSyncResult(Guid ConnectionId, int Fetched, int Created, int Updated, int Removed, DateTimeOffset SyncedAt);
