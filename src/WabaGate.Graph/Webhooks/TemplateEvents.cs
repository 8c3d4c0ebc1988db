using System.Text.Json;

namespace WabaGate.Graph.Webhooks;

/// <summary><c>message_template_status_update</c>: APPROVED, REJECTED, PAUSED, DISABLED…</summary>
public sealed record TemplateStatusUpdate : WebhookChangeValue
{
    public string? Event { get; init; }
    public long? MessageTemplateId { get; init; }
    public string? MessageTemplateName { get; init; }
    public string? MessageTemplateLanguage { get; init; }
    public string? MessageTemplateCategory { get; init; }

    /// <summary>Rejection reason; null when scheduled for deletion.</summary>
    public string? Reason { get; init; }

    public TemplateRejectionInfo? RejectionInfo { get; init; }
    public JsonElement? DisableInfo { get; init; }
    public TemplateOtherInfo? OtherInfo { get; init; }
}

/// <summary>Why a template was rejected and what to change.</summary>
public sealed record TemplateRejectionInfo : WebhookObject
{
    public string? Reason { get; init; }
    public string? Recommendation { get; init; }
}

/// <summary>Pause/lock details (<c>FIRST_PAUSE</c>, <c>SECOND_PAUSE</c>, <c>UNPAUSE</c>…).</summary>
public sealed record TemplateOtherInfo : WebhookObject
{
    public string? Title { get; init; }
    public string? Description { get; init; }
}

/// <summary><c>message_template_quality_update</c>.</summary>
public sealed record TemplateQualityUpdate : WebhookChangeValue
{
    public string? PreviousQualityScore { get; init; }
    public string? NewQualityScore { get; init; }
    public long? MessageTemplateId { get; init; }
    public string? MessageTemplateName { get; init; }
    public string? MessageTemplateLanguage { get; init; }
}

/// <summary><c>template_category_update</c>: an impending (<see cref="CorrectCategory"/>) or completed (<see cref="PreviousCategory"/>) change.</summary>
public sealed record TemplateCategoryUpdate : WebhookChangeValue
{
    public long? MessageTemplateId { get; init; }
    public string? MessageTemplateName { get; init; }
    public string? MessageTemplateLanguage { get; init; }
    public string? PreviousCategory { get; init; }
    public string? NewCategory { get; init; }
    public string? CorrectCategory { get; init; }
    public long? CategoryUpdateTimestamp { get; init; }
}

/// <summary><c>message_template_components_update</c>: the template's new text.</summary>
public sealed record TemplateComponentsUpdate : WebhookChangeValue
{
    public long? MessageTemplateId { get; init; }
    public string? MessageTemplateName { get; init; }
    public string? MessageTemplateLanguage { get; init; }
    public string? MessageTemplateElement { get; init; }
    public string? MessageTemplateTitle { get; init; }
    public string? MessageTemplateFooter { get; init; }
    public IReadOnlyList<TemplateComponentsButton>? MessageTemplateButtons { get; init; }
}

/// <summary>A button in a components update.</summary>
public sealed record TemplateComponentsButton : WebhookObject
{
    public string? MessageTemplateButtonType { get; init; }
    public string? MessageTemplateButtonText { get; init; }
    public string? MessageTemplateButtonUrl { get; init; }
    public string? MessageTemplateButtonPhoneNumber { get; init; }
}
