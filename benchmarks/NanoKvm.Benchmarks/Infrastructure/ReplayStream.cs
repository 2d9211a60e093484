namespace NanoKvm.Benchmarks.Infrastructure;

/// <summary>
/// A read-only stream that plays a recording over and over, handing out at most <see cref="MaxReadSize"/> bytes per
/// read, like a socket delivering a continuous MJPEG response in chunks. Reads complete synchronously and allocate
/// nothing, so a parser reading it is measured without network cost.
/// </summary>
public sealed class ReplayStream : Stream
{
    private readonly byte[] _recording;
    private int _position;

    /// <param name="recording">The bytes to repeat; playing it twice in a row must still be a valid stream.</param>
    /// <param name="maxReadSize">The most bytes one read returns.</param>
    public ReplayStream(byte[] recording, int maxReadSize)
    {
        ArgumentNullException.ThrowIfNull(recording);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(recording.Length);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxReadSize);
        _recording = recording;
        MaxReadSize = maxReadSize;
    }

    /// <summary>The most bytes one read returns.</summary>
    public int MaxReadSize { get; }

    /// <summary>Bytes handed out so far.</summary>
    public long BytesRead { get; private set; }

    /// <inheritdoc/>
    public override bool CanRead => true;

    /// <inheritdoc/>
    public override bool CanSeek => false;

    /// <inheritdoc/>
    public override bool CanWrite => false;

    /// <inheritdoc/>
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc/>
    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    /// <inheritdoc/>
    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    /// <inheritdoc/>
    public override int Read(Span<byte> buffer)
    {
        // A read never wraps around the end of the recording, like a socket read never spans two sends.
        var count = Math.Min(Math.Min(buffer.Length, MaxReadSize), _recording.Length - _position);
        _recording.AsSpan(_position, count).CopyTo(buffer);
        _position += count;
        if (_position == _recording.Length)
        {
            _position = 0;
        }

        BytesRead += count;
        return count;
    }

    /// <inheritdoc/>
    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    /// <inheritdoc/>
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    /// <inheritdoc/>
    public override void Flush()
    {
    }

    /// <inheritdoc/>
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void SetLength(long value) => throw new NotSupportedException();

    /// <inheritdoc/>
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
