namespace WabaGate.Server.Infrastructure.Problems;

/// <summary>A read-only request body wrapper that throws 413 once more bytes were read than the limit resolved on first read.</summary>
internal sealed class LengthLimitedStream(Stream inner, Func<long?> resolveLimit) : Stream
{
    private bool resolved;
    private long? max;
    private long read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => read; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        EnsureResolved();
        return Count(inner.Read(buffer, offset, count));
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        EnsureResolved();
        return Count(await inner.ReadAsync(buffer, cancellationToken));
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        => ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    private void EnsureResolved()
    {
        if (!resolved)
        {
            max = resolveLimit();
            resolved = true;
        }
    }

    private int Count(int bytes)
    {
        read += bytes;
        return max is { } limit && read > limit ? throw RequestBodyLimitMiddleware.TooLarge(limit) : bytes;
    }
}
