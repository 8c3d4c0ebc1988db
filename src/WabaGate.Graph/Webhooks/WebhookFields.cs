namespace WabaGate.Graph.Webhooks;

/// <summary>The webhook <c>field</c> names this library types.</summary>
public static class WebhookFields
{
    public const string Messages = "messages";
    public const string MessageTemplateStatusUpdate = "message_template_status_update";
    public const string MessageTemplateQualityUpdate = "message_template_quality_update";
    public const string MessageTemplateComponentsUpdate = "message_template_components_update";
    public const string TemplateCategoryUpdate = "template_category_update";
    public const string PhoneNumberQualityUpdate = "phone_number_quality_update";
    public const string PhoneNumberNameUpdate = "phone_number_name_update";
    public const string AccountUpdate = "account_update";
    public const string AccountReviewUpdate = "account_review_update";
    public const string BusinessCapabilityUpdate = "business_capability_update";
    public const string Security = "security";
    public const string UserPreferences = "user_preferences";
    public const string SmbMessageEchoes = "smb_message_echoes";
    public const string History = "history";
    public const string SmbAppStateSync = "smb_app_state_sync";
}
