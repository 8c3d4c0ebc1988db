namespace WabaGate.Server.Features.Media;

/// <summary>What Meta accepts for sending, per media kind (field lesson 9): the MIME types and size limits of the Cloud API.</summary>
public sealed record MediaKindRule(string Kind, long MaxBytes);

/// <summary>
/// Meta's supported media types and limits: image (JPEG/PNG, 5 MB), video (MP4/3GPP, 16 MB), audio (AAC, AMR,
/// MP3, M4A, OGG with OPUS only, 16 MB), document (text, PDF, Office, 100 MB) and sticker (WebP: 100 KB static,
/// 500 KB animated). The declared type is checked against the file's first bytes where a format has a signature,
/// because a mismatched MIME type is the common cause of Meta's 131053.
/// </summary>
public static class MediaRules
{
    private const long Kb = 1024;
    private const long Mb = 1024 * 1024;

    /// <summary>The largest file any kind allows (documents); the upload endpoint's body limit is sized from it.</summary>
    public const long MaxBytes = 100 * Mb;

    public const long StaticStickerBytes = 100 * Kb;
    public const long AnimatedStickerBytes = 500 * Kb;

    private static readonly Dictionary<string, MediaKindRule> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["image/jpeg"] = new("image", 5 * Mb),
        ["image/png"] = new("image", 5 * Mb),
        ["video/mp4"] = new("video", 16 * Mb),
        ["video/3gpp"] = new("video", 16 * Mb),
        ["audio/aac"] = new("audio", 16 * Mb),
        ["audio/amr"] = new("audio", 16 * Mb),
        ["audio/mpeg"] = new("audio", 16 * Mb),
        ["audio/mp4"] = new("audio", 16 * Mb),
        ["audio/ogg"] = new("audio", 16 * Mb),
        ["text/plain"] = new("document", 100 * Mb),
        ["application/pdf"] = new("document", 100 * Mb),
        ["application/msword"] = new("document", 100 * Mb),
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = new("document", 100 * Mb),
        ["application/vnd.ms-excel"] = new("document", 100 * Mb),
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = new("document", 100 * Mb),
        ["application/vnd.ms-powerpoint"] = new("document", 100 * Mb),
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = new("document", 100 * Mb),
        ["image/webp"] = new("sticker", AnimatedStickerBytes),
    };

    /// <summary>Every supported MIME type.</summary>
    public static IReadOnlyCollection<string> SupportedTypes => Types.Keys;

    /// <summary>The base type without parameters, lower case (<c>audio/ogg; codecs=opus</c> → <c>audio/ogg</c>).</summary>
    public static string BaseType(string mimeType) => mimeType.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary>The kind and limit for a MIME type, or <see langword="null"/> when Meta does not accept it.</summary>
    public static MediaKindRule? Find(string mimeType) => Types.GetValueOrDefault(BaseType(mimeType));

    /// <summary>
    /// Checks a file of <paramref name="size"/> bytes starting with <paramref name="head"/> (its first bytes; 64 are
    /// enough) declared as <paramref name="mimeType"/>. Returns the failure, or <see langword="null"/> when Meta accepts it.
    /// </summary>
    public static MediaCheckFailure? Check(string mimeType, long size, ReadOnlySpan<byte> head)
    {
        var type = BaseType(mimeType);
        if (Find(type) is not { } rule)
        {
            return new(false, $"'{type}' is not a media type WhatsApp accepts. Use one of: {string.Join(", ", Types.Keys)}.");
        }

        if (size == 0)
        {
            return new(false, "The file is empty.");
        }

        if (Sniff(type, head) is { } mismatch)
        {
            return new(false, mismatch);
        }

        var max = type == "image/webp" && !IsAnimatedWebp(head) ? StaticStickerBytes : rule.MaxBytes;
        return size > max
            ? new(true, $"The file has {size} bytes; WhatsApp accepts at most {max} bytes ({Describe(max)}) for {(type == "image/webp" ? (max == StaticStickerBytes ? "static stickers" : "animated stickers") : rule.Kind)} ({type}).")
            : null;
    }

    /// <summary>The declared type against the file's signature, for the formats that have one.</summary>
    private static string? Sniff(string type, ReadOnlySpan<byte> head)
    {
        var ok = type switch
        {
            "image/jpeg" => Starts(head, [0xFF, 0xD8, 0xFF]),
            "image/png" => Starts(head, [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A]),
            "image/webp" => Starts(head, "RIFF"u8) && Starts(head, "WEBP"u8, 8),
            "application/pdf" => Starts(head, "%PDF-"u8),
            "video/mp4" or "video/3gpp" or "audio/mp4" => Starts(head, "ftyp"u8, 4),
            "audio/ogg" => Starts(head, "OggS"u8),
            _ => true,
        };
        if (!ok)
        {
            return $"The file's content is not {type}; declare the type the file really has.";
        }

        // Meta plays only OPUS in OGG (field lesson 9); the first OGG page carries the codec's header.
        return type == "audio/ogg" && head.IndexOf("OpusHead"u8) < 0 ? "audio/ogg is accepted only with the OPUS codec (audio/ogg; codecs=opus)." : null;
    }

    private static bool Starts(ReadOnlySpan<byte> head, ReadOnlySpan<byte> magic, int at = 0)
        => head.Length >= at + magic.Length && head.Slice(at, magic.Length).SequenceEqual(magic);

    /// <summary>An extended WebP (<c>VP8X</c>) with the animation flag set.</summary>
    private static bool IsAnimatedWebp(ReadOnlySpan<byte> head)
        => head.Length >= 21 && head.Slice(12, 4).SequenceEqual("VP8X"u8) && (head[20] & 0x02) != 0;

    private static string Describe(long bytes) => bytes >= Mb ? $"{bytes / Mb} MB" : $"{bytes / Kb} KB";
}

/// <summary>Why a file cannot be sent: <see cref="TooLarge"/> (413) or an unsupported/mismatched type (422).</summary>
public sealed record MediaCheckFailure(bool TooLarge, string Detail);
