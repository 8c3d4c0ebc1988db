namespace WabaGate.Graph.Messages;

/// <summary>Response of a send: <c>{messaging_product, contacts[{input, wa_id}], messages[{id, message_status?}]}</c>.</summary>
public sealed record SendMessageResponse
{
    public string? MessagingProduct { get; init; }
    public IReadOnlyList<SentMessageContact> Contacts { get; init; } = [];
    public IReadOnlyList<SentMessage> Messages { get; init; } = [];

    /// <summary>The wamid of the (first) sent message.</summary>
    public string? MessageId => Messages.Count > 0 ? Messages[0].Id : null;
}

/// <summary>The recipient as given and as WhatsApp knows it.</summary>
public sealed record SentMessageContact(string? Input, string? WaId);

/// <summary>A sent message; <see cref="MessageStatus"/> appears only for paced templates (<c>accepted</c>, <c>held_for_quality_assessment</c>, <c>paused</c>).</summary>
public sealed record SentMessage(string Id, string? MessageStatus = null);

/// <summary>Body of mark-as-read (optionally with a typing indicator).</summary>
public sealed record MarkReadRequest(string MessageId, TypingIndicator? TypingIndicator = null)
{
    public string MessagingProduct { get; init; } = "whatsapp";
    public string Status { get; init; } = "read";
}

/// <summary>The typing indicator shown until the reply (or 25 s).</summary>
public sealed record TypingIndicator(string Type = "text");
