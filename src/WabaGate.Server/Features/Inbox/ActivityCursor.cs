using System.Buffers.Binary;
using System.Buffers.Text;

namespace WabaGate.Server.Features.Inbox;

/// <summary>
/// The conversations list's cursor: the last row's activity time and id (base64url of 8 bytes of UTC ticks and the
/// id's 16 big-endian bytes), so a page continues exactly after it however activity moves meanwhile.
/// </summary>
internal static class ActivityCursor
{
    public static string Write(DateTimeOffset at, Guid id)
    {
        Span<byte> bytes = stackalloc byte[24];
        BinaryPrimitives.WriteInt64BigEndian(bytes, at.UtcTicks);
        id.TryWriteBytes(bytes[8..], bigEndian: true, out _);
        return Base64Url.EncodeToString(bytes);
    }

    public static (DateTimeOffset At, Guid Id)? TryRead(string? cursor)
    {
        Span<byte> bytes = stackalloc byte[24];
        if (cursor is null || !Base64Url.IsValid(cursor, out var length) || length != 24
            || !Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 24)
        {
            return null;
        }

        var ticks = BinaryPrimitives.ReadInt64BigEndian(bytes);
        return ticks is < 0 || ticks > DateTimeOffset.MaxValue.UtcTicks
            ? null
            : (new DateTimeOffset(ticks, TimeSpan.Zero), new Guid(bytes[8..], bigEndian: true));
    }
}
