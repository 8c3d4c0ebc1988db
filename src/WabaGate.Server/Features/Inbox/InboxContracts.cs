namespace WabaGate.Server.Features.Inbox;

/// <summary>A conversation in the inbox list (API.md: Messaging).</summary>
public sealed record ConversationDto(
    Guid Id, Guid ConnectionId, Guid PhoneNumberId, ContactRefDto Contact, DateTimeOffset? LastMessageAt, DateTimeOffset? WindowExpiresAt, bool WindowOpen, int Unread);

/// <summary>Who the conversation is with.</summary>
public sealed record ContactRefDto(string WaId, string? Name);
