namespace NanoKvm.Client.Http.WebSockets;

/// <summary>
/// The upgraded connection, shared by two writers: the <see cref="System.Net.WebSockets.WebSocket"/> that reads and
/// answers control frames (pong, close) and the batched frame writer of <see cref="DeviceWebSocket"/>. Each write
/// is one or more whole frames, and one write at a time reaches the connection, so frames never interleave.
/// </summary>
internal sealed class SharedWriteStream(Stream inner) : Stream
{
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

    public override int Read(Span<byte> buffer) => inner.Read(buffer);

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        inner.ReadAsync(buffer, offset, count, cancellationToken);

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        inner.ReadAsync(buffer, cancellationToken);

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        _writeLock.Wait();
        try
        {
            inner.Write(buffer);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        // The uncontended case (nearly always) takes the lock synchronously and returns the inner write's own task.
        if (_writeLock.Wait(0, CancellationToken.None))
        {
            ValueTask write;
            try
            {
                write = inner.WriteAsync(buffer, cancellationToken);
            }
            catch
            {
                _writeLock.Release();
                throw;
            }

            if (write.IsCompletedSuccessfully)
            {
                _writeLock.Release();
                return default;
            }

            return ReleaseAfterAsync(write);
        }

        return WriteContendedAsync(buffer, cancellationToken);
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private async ValueTask ReleaseAfterAsync(ValueTask write)
    {
        try
        {
            await write.ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async ValueTask WriteContendedAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }
}
