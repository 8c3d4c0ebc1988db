namespace WabaGate.Graph.Messages;

/// <summary>Meta's message <c>type</c> values (sent and received).</summary>
public static class MessageTypes
{
    public const string Text = "text";
    public const string Image = "image";
    public const string Document = "document";
    public const string Audio = "audio";
    public const string Video = "video";
    public const string Sticker = "sticker";
    public const string Template = "template";
    public const string Interactive = "interactive";
    public const string Reaction = "reaction";
    public const string Location = "location";
    public const string Contacts = "contacts";
    public const string Button = "button";
    public const string Order = "order";
    public const string System = "system";
    public const string Unsupported = "unsupported";
    public const string Unknown = "unknown";
    public const string RequestWelcome = "request_welcome";
}
