using System.Text.Json;

namespace WabaGate.Server.Features.Messaging;

/// <summary>Body of <c>POST /api/v1/messages</c> (API.md, Messaging).</summary>
public sealed record SendMessageApiRequest(
    string? From,
    string? To,
    string? Type,
    TextRequest? Text = null,
    TemplateRequest? Template = null,
    MediaRequest? Media = null,
    string? Caption = null,
    string? Filename = null,
    bool? Voice = null,
    JsonElement? Interactive = null,
    ReactionRequest? Reaction = null,
    LocationRequest? Location = null,
    JsonElement? Contacts = null,
    string? ReplyTo = null,
    JsonElement? Metadata = null);

/// <summary><c>text</c>: the body (up to 4,096 characters) and whether to render a link preview.</summary>
public sealed record TextRequest(string? Body, bool? PreviewUrl = null);

/// <summary><c>template</c>: an approved template by name and language, with its parameters (<c>body</c>, <c>header</c>, <c>buttons</c>).</summary>
public sealed record TemplateRequest(string? Name, string? Language, JsonElement? Parameters = null);

/// <summary><c>media</c>: a WabaGate media id (uploaded through <c>POST /api/v1/media</c>) or a public https link.</summary>
public sealed record MediaRequest(string? MediaId = null, string? Link = null);

/// <summary><c>reaction</c>: the message reacted to (a WabaGate message id or a wamid) and the emoji (empty removes it).</summary>
public sealed record ReactionRequest(string? MessageId, string? Emoji);

/// <summary><c>location</c>: a pin.</summary>
public sealed record LocationRequest(double? Latitude, double? Longitude, string? Name = null, string? Address = null);

/// <summary>Body of approve and reject.</summary>
public sealed record ReviewRequest(string? Reason = null);

/// <summary>An approval policy: <c>none</c>, <c>all_outbound</c>, <c>api_originated_only</c> or <c>templates_only</c>.</summary>
public sealed record ApprovalPolicyRequest(string? Policy);

/// <summary>The organization's policy, and per connection the override (null: the organization's applies).</summary>
public sealed record ApprovalPolicyView(string Policy, IReadOnlyList<ConnectionApprovalPolicyView> Connections);

/// <summary>A connection's own approval policy.</summary>
public sealed record ConnectionApprovalPolicyView(Guid ConnectionId, string? Policy, string EffectivePolicy);

/// <summary>An entry of <c>GET /api/v1/approvals</c>: the waiting message and who asked for it.</summary>
public sealed record ApprovalView(MessageView Message, string? RequestedBy, string Origin);
