using Microsoft.Extensions.Options;
using WabaGate.Server.Infrastructure;

namespace WabaGate.Server.Features.Media;

/// <summary>
/// Where media bytes live (already encrypted by <see cref="MediaStore"/>): the data directory by default; an
/// S3-compatible store can stand behind the same interface for multi-node deployments.
/// </summary>
public interface IMediaStorage
{
    Task WriteAsync(string key, ReadOnlyMemory<byte> bytes, CancellationToken cancellationToken);

    /// <summary>The stored bytes, or <see langword="null"/> when the key holds nothing.</summary>
    Task<byte[]?> ReadAsync(string key, CancellationToken cancellationToken);

    Task DeleteAsync(string key, CancellationToken cancellationToken);
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
        // Keys are made by MediaStore from ids (org/yyyy-MM/id); anything else is refused rather than resolved.
        if (key.Contains("..", StringComparison.Ordinal) || Path.IsPathRooted(key) || key.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '/' or '-')))
        {
            throw new ArgumentException("Invalid media storage key.", nameof(key));
        }

        return Path.Combine(Root, key);
    }
}
