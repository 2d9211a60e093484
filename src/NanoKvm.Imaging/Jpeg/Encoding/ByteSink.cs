namespace NanoKvm.Imaging.Jpeg.Encoding;

/// <summary>A growable byte buffer; cheaper than a MemoryStream for the many single-byte writes of entropy coding.</summary>
internal sealed class ByteSink(int initialCapacity)
{
    private byte[] _buffer = new byte[Math.Max(initialCapacity, 1024)];
    private int _length;

    public void WriteByte(byte value)
    {
        if (_length == _buffer.Length)
        {
            Array.Resize(ref _buffer, _buffer.Length * 2);
        }

        _buffer[_length++] = value;
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        if (_length + bytes.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes.Length));
        }

        bytes.CopyTo(_buffer.AsSpan(_length));
        _length += bytes.Length;
    }

    public void WriteMarker(byte marker)
    {
        WriteByte(0xFF);
        WriteByte(marker);
    }

    public void WriteUInt16(int value)
    {
        WriteByte((byte)(value >> 8));
        WriteByte((byte)value);
    }

    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();
}
