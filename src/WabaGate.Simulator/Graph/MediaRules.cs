namespace WabaGate.Simulator.Graph;

/// <summary>Meta's supported media types and size limits (§7).</summary>
internal static class MediaRules
{
    private const long Mb = 1024 * 1024;

    private static readonly Dictionary<string, (string Kind, long Max)> Types = new(StringComparer.OrdinalIgnoreCase)
    {
        ["audio/aac"] = ("audio", 16 * Mb),
        ["audio/amr"] = ("audio", 16 * Mb),
        ["audio/mpeg"] = ("audio", 16 * Mb),
        ["audio/mp4"] = ("audio", 16 * Mb),
        ["audio/ogg"] = ("audio", 16 * Mb),
        ["text/plain"] = ("document", 100 * Mb),
        ["application/pdf"] = ("document", 100 * Mb),
        ["application/msword"] = ("document", 100 * Mb),
        ["application/vnd.openxmlformats-officedocument.wordprocessingml.document"] = ("document", 100 * Mb),
        ["application/vnd.ms-excel"] = ("document", 100 * Mb),
        ["application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"] = ("document", 100 * Mb),
        ["application/vnd.ms-powerpoint"] = ("document", 100 * Mb),
        ["application/vnd.openxmlformats-officedocument.presentationml.presentation"] = ("document", 100 * Mb),
        ["image/jpeg"] = ("image", 5 * Mb),
        ["image/png"] = ("image", 5 * Mb),
        ["image/webp"] = ("sticker", 500 * 1024),
        ["video/mp4"] = ("video", 16 * Mb),
        ["video/3gpp"] = ("video", 16 * Mb),
    };

    public const long MaxUploadBytes = 100 * Mb;

    /// <summary>The base MIME type without parameters (<c>audio/ogg; codecs=opus</c> → <c>audio/ogg</c>).</summary>
    public static string BaseType(string mime) => mime.Split(';')[0].Trim().ToLowerInvariant();

    /// <summary><c>null</c> when the type and size are allowed, otherwise Meta's details text.</summary>
    public static string? Check(string mime, long size)
    {
        if (!Types.TryGetValue(BaseType(mime), out var rule))
        {
            return "Param file must be a file with one of the following types: " + string.Join(", ", Types.Keys) + ". Received file of type '" + mime + "'.";
        }

        return size > rule.Max ? $"File size {size} exceeds the {rule.Max} bytes limit for {rule.Kind}." : null;
    }

    public static string Extension(string mime) => BaseType(mime) switch
    {
        "image/jpeg" => "jpg",
        "image/png" => "png",
        "image/webp" => "webp",
        "video/mp4" => "mp4",
        "video/3gpp" => "3gp",
        "audio/ogg" => "ogg",
        "audio/mpeg" => "mp3",
        "audio/mp4" => "m4a",
        "audio/aac" => "aac",
        "audio/amr" => "amr",
        "application/pdf" => "pdf",
        "text/plain" => "txt",
        _ => "bin",
    };
}
