namespace NanoKvm.Client.Video;

/// <summary>
/// The few frame buffers one MJPEG connection cycles through. A stream keeps only a handful of frames alive at a
/// time (the one being filled, the ones consumers still hold), so a small stack of released buffers, arrays
/// included, lets a steady stream run without allocating per frame. Buffers come back from any thread.
/// </summary>
internal sealed class FrameBufferPool
{
    private const int Capacity = 4;
    private readonly FrameBuffer?[] _free = new FrameBuffer?[Capacity];
    private readonly object _gate = new();
    private int _count;
    private bool _closed;

    /// <summary>A buffer with one reference and room for <paramref name="minimumLength"/> bytes.</summary>
    public FrameBuffer Rent(int minimumLength)
    {
        FrameBuffer? reused = null;
        lock (_gate)
        {
            if (_count > 0)
            {
                reused = _free[--_count];
                _free[_count] = null;
            }
        }

        if (reused is null)
        {
            return FrameBuffer.ForPool(minimumLength, this);
        }

        reused.Revive(minimumLength);
        return reused;
    }

    /// <summary>Takes back a buffer whose last reference was released; false when full or closed (the caller frees it).</summary>
    public bool TryReturn(FrameBuffer buffer)
    {
        lock (_gate)
        {
            if (_closed || _count == Capacity)
            {
                return false;
            }

            _free[_count++] = buffer;
            return true;
        }
    }

    /// <summary>Gives every pooled array back to the shared pool; buffers released later free themselves.</summary>
    public void Close()
    {
        FrameBuffer?[] drained;
        lock (_gate)
        {
            _closed = true;
            drained = _free[.._count];
            System.Array.Clear(_free);
            _count = 0;
        }

        foreach (var buffer in drained)
        {
            buffer?.FreeArray();
        }
    }
}
