namespace WabaGate.Graph.Messages;

/// <summary>
/// Body of <c>POST /{phone_number_id}/messages</c>. Exactly one content property matches <see cref="Type"/>;
/// use the static factories (<see cref="CreateText"/>, <see cref="CreateImage"/>, <see cref="CreateTemplate"/>…) to build one.
/// </summary>
public sealed record SendMessageRequest
{
    public string MessagingProduct { get; init; } = "whatsapp";
    public string RecipientType { get; init; } = "individual";
    public required string To { get; init; }
    public required string Type { get; init; }

    /// <summary>Makes the message a reply to an earlier message.</summary>
    public MessageContext? Context { get; init; }

    /// <summary>Echoed back in status webhooks.</summary>
    public string? BizOpaqueCallbackData { get; init; }

    public TextContent? Text { get; init; }
    public MediaContent? Image { get; init; }
    public MediaContent? Document { get; init; }
    public MediaContent? Audio { get; init; }
    public MediaContent? Video { get; init; }
    public MediaContent? Sticker { get; init; }
    public TemplateContent? Template { get; init; }
    public InteractiveContent? Interactive { get; init; }
    public ReactionContent? Reaction { get; init; }
    public LocationContent? Location { get; init; }
    public IReadOnlyList<ContactCard>? Contacts { get; init; }

    /// <summary>Returns a copy that replies to <paramref name="messageId"/>.</summary>
    public SendMessageRequest ReplyingTo(string messageId) => this with { Context = new MessageContext(messageId) };

    public static SendMessageRequest CreateText(string to, string body, bool? previewUrl = null) =>
        new() { To = to, Type = MessageTypes.Text, Text = new TextContent(body, previewUrl) };

    public static SendMessageRequest CreateImage(string to, MediaContent image) => new() { To = to, Type = MessageTypes.Image, Image = image };
    public static SendMessageRequest CreateDocument(string to, MediaContent document) => new() { To = to, Type = MessageTypes.Document, Document = document };
    public static SendMessageRequest CreateAudio(string to, MediaContent audio) => new() { To = to, Type = MessageTypes.Audio, Audio = audio };
    public static SendMessageRequest CreateVideo(string to, MediaContent video) => new() { To = to, Type = MessageTypes.Video, Video = video };
    public static SendMessageRequest CreateSticker(string to, MediaContent sticker) => new() { To = to, Type = MessageTypes.Sticker, Sticker = sticker };

    /// <summary>A media message of <paramref name="type"/> (image, document, audio, video or sticker).</summary>
    public static SendMessageRequest CreateMedia(string to, string type, MediaContent media) => type switch
    {
        MessageTypes.Image => CreateImage(to, media),
        MessageTypes.Document => CreateDocument(to, media),
        MessageTypes.Audio => CreateAudio(to, media),
        MessageTypes.Video => CreateVideo(to, media),
        MessageTypes.Sticker => CreateSticker(to, media),
        _ => throw new ArgumentException($"'{type}' is not a media message type.", nameof(type)),
    };

    public static SendMessageRequest CreateTemplate(string to, TemplateContent template) => new() { To = to, Type = MessageTypes.Template, Template = template };
    public static SendMessageRequest CreateInteractive(string to, InteractiveContent interactive) => new() { To = to, Type = MessageTypes.Interactive, Interactive = interactive };

    /// <summary>Reacts to <paramref name="messageId"/>; an empty emoji removes the reaction.</summary>
    public static SendMessageRequest CreateReaction(string to, string messageId, string emoji) =>
        new() { To = to, Type = MessageTypes.Reaction, Reaction = new ReactionContent(messageId, emoji) };

    public static SendMessageRequest CreateLocation(string to, LocationContent location) => new() { To = to, Type = MessageTypes.Location, Location = location };
    public static SendMessageRequest CreateContacts(string to, IReadOnlyList<ContactCard> contacts) => new() { To = to, Type = MessageTypes.Contacts, Contacts = contacts };
}

/// <summary><c>context</c> of a reply.</summary>
public sealed record MessageContext(string MessageId);
