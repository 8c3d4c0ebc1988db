namespace WabaGate.Graph.Messages;

/// <summary><c>interactive</c> content: reply buttons, a list, or a call-to-action URL button.</summary>
public sealed record InteractiveContent
{
    /// <summary><c>button</c>, <c>list</c>, <c>cta_url</c> (other Meta types pass through as-is).</summary>
    public required string Type { get; init; }

    public InteractiveHeader? Header { get; init; }
    public InteractiveText? Body { get; init; }
    public InteractiveText? Footer { get; init; }
    public required InteractiveAction Action { get; init; }

    public static InteractiveContent Buttons(string body, IReadOnlyList<ReplyButton> buttons, InteractiveHeader? header = null, string? footer = null) =>
        new() { Type = "button", Header = header, Body = new(body), Footer = footer is null ? null : new(footer), Action = new() { Buttons = buttons } };

    public static InteractiveContent List(string body, string button, IReadOnlyList<ListSection> sections, InteractiveHeader? header = null, string? footer = null) =>
        new() { Type = "list", Header = header, Body = new(body), Footer = footer is null ? null : new(footer), Action = new() { Button = button, Sections = sections } };

    public static InteractiveContent CtaUrl(string body, string displayText, string url, InteractiveHeader? header = null, string? footer = null) =>
        new()
        {
            Type = "cta_url",
            Header = header,
            Body = new(body),
            Footer = footer is null ? null : new(footer),
            Action = new() { Name = "cta_url", Parameters = new CtaUrlParameters(displayText, url) },
        };
}

/// <summary>A body or footer: <c>{"text": "..."}</c>.</summary>
public sealed record InteractiveText(string Text);

/// <summary>Header of an interactive message: text, image, video or document.</summary>
public sealed record InteractiveHeader
{
    public required string Type { get; init; }
    public string? Text { get; init; }
    public MediaContent? Image { get; init; }
    public MediaContent? Video { get; init; }
    public MediaContent? Document { get; init; }

    public static InteractiveHeader FromText(string text) => new() { Type = "text", Text = text };
    public static InteractiveHeader FromImage(MediaContent image) => new() { Type = "image", Image = image };
    public static InteractiveHeader FromVideo(MediaContent video) => new() { Type = "video", Video = video };
    public static InteractiveHeader FromDocument(MediaContent document) => new() { Type = "document", Document = document };
}

/// <summary>The <c>action</c> of an interactive message; which members apply depends on its type.</summary>
public sealed record InteractiveAction
{
    public IReadOnlyList<ReplyButton>? Buttons { get; init; }

    /// <summary>List: the label of the button that opens the list.</summary>
    public string? Button { get; init; }

    public IReadOnlyList<ListSection>? Sections { get; init; }

    /// <summary>CTA URL: <c>cta_url</c>.</summary>
    public string? Name { get; init; }

    public CtaUrlParameters? Parameters { get; init; }
}

/// <summary>A reply button: <c>{"type":"reply","reply":{"id","title"}}</c>.</summary>
public sealed record ReplyButton(ReplyButtonReply Reply)
{
    public string Type { get; init; } = "reply";

    public static ReplyButton Create(string id, string title) => new(new ReplyButtonReply(id, title));
}

/// <summary>The id and title of a reply button.</summary>
public sealed record ReplyButtonReply(string Id, string Title);

/// <summary>A list section.</summary>
public sealed record ListSection(string? Title, IReadOnlyList<ListRow> Rows);

/// <summary>A list row.</summary>
public sealed record ListRow(string Id, string Title, string? Description = null);

/// <summary>The parameters of a CTA URL button.</summary>
public sealed record CtaUrlParameters(string DisplayText, string Url);
