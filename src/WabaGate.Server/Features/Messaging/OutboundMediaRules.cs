using WabaGate.Graph.Messages;

namespace WabaGate.Server.Features.Messaging;

/// <summary>Meta's outgoing media types and size limits per message kind (reference §7).</summary>
internal static class OutboundMediaRules
{
    private const long MB = 1024 * 1024;

    private static readonly Dictionary<string, (string[] Mime, long MaxBytes)> Rules = new(StringComparer.Ordinal)
    {
        [MessageTypes.Audio] = (["audio/aac", "audio/amr", "audio/mpeg", "audio/mp4", "audio/ogg"], 16 * MB),
        [MessageTypes.Document] = ([
            "text/plain", "application/pdf", "application/msword",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "application/vnd.ms-excel",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "application/vnd.ms-powerpoint",
            "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        ], 100 * MB),
        [MessageTypes.Image] = (["image/jpeg", "image/png"], 5 * MB),
        [MessageTypes.Sticker] = (["image/webp"], 500 * 1024),
        [MessageTypes.Video] = (["video/mp4", "video/3gpp"], 16 * MB),
    };

    public static bool IsMediaType(string type) => Rules.ContainsKey(type);

    /// <summary>Why a file of <paramref name="mimeType"/> and <paramref name="size"/> cannot be sent as <paramref name="type"/>, or null.</summary>
    public static string? Check(string type, string mimeType, long size)
    {
        var (mimes, max) = Rules[type];
        var bare = mimeType.Split(';', 2)[0].Trim().ToLowerInvariant();
        if (!mimes.Contains(bare, StringComparer.Ordinal))
        {
            return $"A {type} must be one of {string.Join(", ", mimes)}; this file is {bare}.";
        }

        if (bare == "audio/ogg" && mimeType.Contains("codecs", StringComparison.OrdinalIgnoreCase) && !mimeType.Contains("opus", StringComparison.OrdinalIgnoreCase))
        {
            return "OGG audio must be OPUS-encoded (audio/ogg; codecs=opus).";
        }

        return size > max ? $"A {type} may be at most {max / 1024} KB; this file is {size / 1024} KB." : null;
    }

    /// <summary>Only image, video and document messages carry a caption.</summary>
    public static bool TakesCaption(string type) => type is MessageTypes.Image or MessageTypes.Video or MessageTypes.Document;
}
