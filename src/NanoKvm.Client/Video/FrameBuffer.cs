using System.Buffers;

namespace NanoKvm.Client.Video;

/// <summary>
/// A reference-counted buffer rented from <see cref="ArrayPool{T}.Shared"/>: the parser copies a frame into it once,
/// and every <see cref="VideoFrame"/> that shares it holds one reference; the last release returns it to the pool.
/// </summary>
internal sealed class FrameBuffer
{
    private byte[]? _array;
    private int _references = 1;

    private FrameBuffer(byte[] array, bool pooled)
    {
        _array = array;
        IsPooled = pooled;
    }

    public bool IsPooled { get; }

    public static FrameBuffer Rent(int minimumLength) => new(ArrayPool<byte>.Shared.Rent(minimumLength), pooled: true);

    public static FrameBuffer Wrap(byte[] array) => new(array, pooled: false);

    /// <summary>The array; only valid while the caller holds a reference.</summary>
    public byte[] Array => _array ?? throw new ObjectDisposedException(nameof(VideoFrame));

    public void AddReference()
    {
        while (true)
        {
            var current = Volatile.Read(ref _references);
            ObjectDisposedException.ThrowIf(current <= 0, typeof(VideoFrame));

            if (Interlocked.CompareExchange(ref _references, current + 1, current) == current)
            {
                return;
            }
        }
    }

    public void Release()
    {
        if (Interlocked.Decrement(ref _references) != 0)
        {
            return;
        }

        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null && IsPooled)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
