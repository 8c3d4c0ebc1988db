namespace WabaGate.Server.Features.Messaging;

/// <summary>The problem <c>code</c>s of the messaging endpoints (API.md, Messaging) and of failed messages.</summary>
internal static class MessagingCodes
{
    public const string OutsideWindow = "outside_customer_service_window";
    public const string UnsupportedMedia = "unsupported_media";
    public const string ConnectionNotActive = "connection_not_active";
    public const string RecipientInvalid = "recipient_invalid";
    public const string IdempotencyKeyReused = "idempotency_key_reused";
    public const string NotPendingApproval = "message_not_pending_approval";

    /// <summary>The job kind that sends one message.</summary>
    public const string SendJob = "messages.send";

    public const string OutsideWindowDetail =
        "More than 24 hours have passed since this customer last wrote (or they never did), so free-form messages cannot be sent now. Send an approved template instead (type: template).";
}
