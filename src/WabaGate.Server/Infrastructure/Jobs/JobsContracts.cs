using System.Buffers.Text;
using WabaGate.Server.Data.Configurations;
using WabaGate.Server.Data.Entities;

namespace WabaGate.Server.Infrastructure.Jobs;

/// <summary>A job as the API shows it: no payload (ids only, but still internal), no lock details.</summary>
public sealed record JobDto(
    Guid Id, string Kind, string State, int Attempts, int MaxAttempts, DateTimeOffset RunAt, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset? CompletedAt)
{
    public static JobDto From(Job job) => new(
        job.Id, job.Kind, JobStates.ToText(job.State), job.Attempts, job.MaxAttempts, job.RunAt, job.LastError,
        job.CreatedAt, job.UpdatedAt, job.CompletedAt);
}

/// <summary>List cursors: the last id of a page, base64url of its 16 big-endian bytes (UUIDv7, so time-ordered).</summary>
internal static class JobCursor
{
    public static string Encode(Guid id) => Base64Url.EncodeToString(id.ToByteArray(bigEndian: true));

    public static bool TryDecode(string? cursor, out Guid id)
    {
        id = Guid.Empty;
        if (string.IsNullOrEmpty(cursor) || !Base64Url.IsValid(cursor, out var length) || length != 16)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[16];
        if (!Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 16)
        {
            return false;
        }

        id = new Guid(bytes[..16], bigEndian: true);
        return true;
    }
}
