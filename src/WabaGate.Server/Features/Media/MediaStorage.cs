using Microsoft.Extensions.Options;
using WabaGate.Server.Infrastructure;

namespace WabaGate.Server.Features.Media;

/// <summary>
/// Where media bytes live (already encrypted by <see cref="MediaStore"/>): the data directory by default; an
/// S3-compatible store (<see cref="S3MediaStorage"/>, <c>Media:Storage=S3</c>) for multi-node deployments.
/// </summary>
public interface IMediaStorage
{
    Task WriteAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>The stored bytes, or <see langword="null"/> when the key holds nothing.</summary>
    Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
}

/// <summary>Storage keys are made by <see cref="MediaStore"/> from ids (<c>org/yyyy-MM/id</c>); anything else is refused, never resolved.</summary>
internal static class MediaStorageKeys
{
    public static void Validate(string key)
    {
        if (string.IsNullOrEmpty(key) || key.Contains("..", StringComparison.Ordinal) || key.StartsWith('/') || Path.IsPathRooted(key)
            || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '-')))
        {
            throw new ArgumentException("Invalid media storage key.", nameof(key));
        }
    }
}

/// <summary>Files under <c>{DataDirectory}/media/</c>, written to a temporary name and moved into place.</summary>
internal sealed class FileSystemMediaStorage(IOptions<WabaGateOptions> options) : IMediaStorage
{
    private string Root => Path.Combine(Path.GetFullPath(options.Value.DataDirectory), "media");

    public async Task WriteAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var temporary = path + "." + Guid.NewGuid().ToString("N") + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public async Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathOf(key);
        return File.Exists(path) ? await File.ReadAllBytesAsync(path, cancellationToken) : null;
    }

    public Task DeleteAsync(string key, CancellationToken cancellationToken)
    {
        File.Delete(PathOf(key));
        return Task.CompletedTask;
    }

    private string PathOf(string key)
    {
        MediaStorageKeys.Validate(key);
        var path = Path.GetFullPath(Path.Combine(Root, key));
        return path.StartsWith(Root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new ArgumentException("Invalid media storage key.", nameof(key));
    }
}
