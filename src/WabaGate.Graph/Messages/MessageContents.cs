using System.Text.Json.Serialization;

namespace WabaGate.Graph.Messages;

/// <summary><c>text</c> of a text message; <see cref="PreviewUrl"/> renders a link preview.</summary>
public sealed record TextContent(string Body, bool? PreviewUrl = null);

/// <summary>Media by uploaded <c>id</c> or public <c>link</c> (exactly one).</summary>
public sealed record MediaContent
{
    public string? Id { get; init; }
    public string? Link { get; init; }

    /// <summary>Image, video and document only.</summary>
    public string? Caption { get; init; }

    /// <summary>Document only.</summary>
    public string? Filename { get; init; }

    /// <summary>Audio only: true sends a voice note (OGG/OPUS).</summary>
    public bool? Voice { get; init; }

    public static MediaContent FromId(string id, string? caption = null, string? filename = null) => new() { Id = id, Caption = caption, Filename = filename };
    public static MediaContent FromLink(string link, string? caption = null, string? filename = null) => new() { Link = link, Caption = caption, Filename = filename };
}

/// <summary>A reaction; an empty <see cref="Emoji"/> removes it.</summary>
public sealed record ReactionContent(string MessageId, string Emoji);

/// <summary>A location pin. Meta's examples send coordinates as strings; so does this record.</summary>
public sealed record LocationContent(
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] double Latitude,
    [property: JsonNumberHandling(JsonNumberHandling.WriteAsString | JsonNumberHandling.AllowReadingFromString)] double Longitude,
    string? Name = null,
    string? Address = null);
