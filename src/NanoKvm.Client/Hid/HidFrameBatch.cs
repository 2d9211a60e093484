using System.Buffers;
using NanoKvm.Client.Http.WebSockets;

namespace NanoKvm.Client.Hid;

/// <summary>
/// Many reports of one action queued as a single <see cref="HidFrame"/> (a long relative move split into ±127 steps),
/// so the sender loop frames them all into one socket write. Payloads are stored length-prefixed in a pooled buffer.
/// </summary>
internal sealed class HidFrameBatch : IDisposable
{
    private byte[] _buffer;
    private int _used;

    public HidFrameBatch(bool isText, int expectedReports)
    {
        IsText = isText;
        _buffer = ArrayPool<byte>.Shared.Rent(Math.Max(64, expectedReports * 8));
    }

    /// <summary>Legacy JSON (text frames) rather than binary reports.</summary>
    public bool IsText { get; }

    public int Count { get; private set; }

    /// <summary>Room for one report of up to <paramref name="maxLength"/> bytes; finish it with <see cref="Commit"/>.</summary>
    public Span<byte> Reserve(int maxLength)
    {
        if (_used + 1 + maxLength > _buffer.Length)
        {
            var larger = ArrayPool<byte>.Shared.Rent(Math.Max(_buffer.Length * 2, _used + 1 + maxLength));
            _buffer.AsSpan(0, _used).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }

        return _buffer.AsSpan(_used + 1, maxLength);
    }

    public void Commit(int length)
    {
        _buffer[_used] = checked((byte)length);
        _used += 1 + length;
        Count++;
    }

    /// <summary>Bytes stored (length prefixes included); the end position for <see cref="EncodeInto"/>.</summary>
    public int StoredLength => _used;

    /// <summary>
    /// Frames the stored reports from <paramref name="position"/> on into <paramref name="outgoing"/> until it is full;
    /// returns where to continue (<see cref="StoredLength"/> when all are in).
    /// </summary>
    public int EncodeInto(OutgoingFrames outgoing, int position)
    {
        while (position < _used && outgoing.HasRoom)
        {
            int length = _buffer[position];
            outgoing.Add(_buffer.AsSpan(position + 1, length), IsText);
            position += 1 + length;
        }

        return position;
    }

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
