namespace NanoKvm.Benchmarks.Mjpeg;

/// <summary>
/// The baseline: how the Python reference client cuts a frame out of <c>/api/stream/mjpeg</c>. Every read is a new
/// chunk object appended to a growing buffer; after each read the whole buffer is searched from the start for the SOI
/// (FF D8) and then for the next EOI (FF D9); a found frame is copied out and the rest of the buffer is moved to the
/// front. Multipart headers are never parsed, only skipped as bytes before SOI.
/// </summary>
public sealed class NaiveMjpegParser
{
    private static readonly byte[] Soi = [0xFF, 0xD8];
    private static readonly byte[] Eoi = [0xFF, 0xD9];

    private readonly Stream _stream;
    private readonly int _readSize;
    private byte[] _buffer = new byte[4096];
    private int _length;

    /// <param name="stream">The response body.</param>
    /// <param name="readSize">Bytes asked for per read (the chunk size of the HTTP client).</param>
    public NaiveMjpegParser(Stream stream, int readSize)
    {
        _stream = stream;
        _readSize = readSize;
    }

    /// <summary>The next JPEG as a new array, or null when the stream ended.</summary>
    public byte[]? ReadFrame()
    {
        while (true)
        {
            var frame = TryCut();
            if (frame is not null)
            {
                return frame;
            }

            var chunk = new byte[_readSize];
            var read = _stream.Read(chunk, 0, chunk.Length);
            if (read == 0)
            {
                return null;
            }

            Append(chunk.AsSpan(0, read));
        }
    }

    private byte[]? TryCut()
    {
        var buffered = _buffer.AsSpan(0, _length);
        var start = buffered.IndexOf(Soi);
        if (start < 0)
        {
            return null;
        }

        var end = buffered[start..].IndexOf(Eoi);
        if (end < 0)
        {
            return null;
        }

        end += start + 2;
        var frame = buffered[start..end].ToArray();
        buffered[end..].CopyTo(_buffer);
        _length -= end;
        return frame;
    }

    private void Append(ReadOnlySpan<byte> chunk)
    {
        if (_length + chunk.Length > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + chunk.Length));
        }

        chunk.CopyTo(_buffer.AsSpan(_length));
        _length += chunk.Length;
    }
}
