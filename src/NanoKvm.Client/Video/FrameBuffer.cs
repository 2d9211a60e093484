using System.Buffers;

namespace NanoKvm.Client.Video;

/// <summary>
/// A reference-counted frame buffer: the parser copies a frame into it once, and every <see cref="VideoFrame"/> that
/// shares it holds one reference. The last release hands it back to its <see cref="FrameBufferPool"/> (array kept,
/// so a steady stream allocates nothing per frame), or returns the array to <see cref="ArrayPool{T}.Shared"/> when
/// that pool is full or closed. <see cref="Wrap"/> holds caller-owned bytes and returns nothing.
/// </summary>
internal sealed class FrameBuffer
{
    private readonly FrameBufferPool? _pool;
    private byte[]? _array;
    private int _references = 1;

    private FrameBuffer(byte[] array, bool pooled, FrameBufferPool? pool)
    {
        _array = array;
        IsPooled = pooled;
        _pool = pool;
    }

    public bool IsPooled { get; }

    public static FrameBuffer Wrap(byte[] array) => new(array, pooled: false, pool: null);

    /// <summary>A new buffer that goes back to <paramref name="pool"/> when its last reference is released.</summary>
    internal static FrameBuffer ForPool(int minimumLength, FrameBufferPool pool) =>
        new(ArrayPool<byte>.Shared.Rent(minimumLength), pooled: true, pool);

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

        if (_pool is not null && _pool.TryReturn(this))
        {
            return;
        }

        FreeArray();
    }

    /// <summary>Makes a buffer taken from the pool live again with one reference and room for <paramref name="minimumLength"/>.</summary>
    internal void Revive(int minimumLength)
    {
        if (_array is null || _array.Length < minimumLength)
        {
            FreeArray();
            _array = ArrayPool<byte>.Shared.Rent(minimumLength);
        }

        Volatile.Write(ref _references, 1);
    }

    /// <summary>Returns the array to the shared pool (a pool that is full or closed drops the buffer this way).</summary>
    internal void FreeArray()
    {
        var array = Interlocked.Exchange(ref _array, null);
        if (array is not null && IsPooled)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
