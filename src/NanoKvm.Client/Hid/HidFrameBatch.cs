using System.Buffers;
using NanoKvm.Client.Hid.Transport;

namespace NanoKvm.Client.Hid;

/// <summary>
/// Many reports of one action queued as a single <see cref="HidFrame"/> (a long relative move split into ±127 steps),
/// so they enter the report pipe as one entry and leave together. Payloads are stored length-prefixed in a pooled buffer.
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

    /// <summary>Frames every stored report into <paramref name="sink"/>; returns the bytes written.</summary>
    public int EncodeInto(FrameSink sink)
    {
        var written = 0;
        for (var position = 0; position < _used;)
        {
            int length = _buffer[position];
            written += sink.Add(_buffer.AsSpan(position + 1, length), IsText);
            position += 1 + length;
        }

        return written;
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
