using System.Text;

namespace NanoKvm.Client.Tests.Video;

/// <summary>Hand-built JPEG byte streams: real marker structure (no decodable pixels needed by the parser).</summary>
internal static class TestJpeg
{
    /// <summary>
    /// SOI, APP0, optionally an APP1 carrying an embedded thumbnail (with its own SOI/EOI), DQT, SOF0 with the size,
    /// DHT, SOS and entropy-coded bytes containing stuffed 0xFF00 and a restart marker, then EOI.
    /// </summary>
    public static byte[] Build(int width, int height, int seed = 1, bool thumbnail = false, int entropyBytes = 40)
    {
        var b = new List<byte> { 0xFF, 0xD8 };
        Segment(b, 0xE0, [.. "JFIF\0"u8, 1, 1, 0, 0, 1, 0, 1, 0, 0]);
        if (thumbnail)
        {
            Segment(b, 0xE1, [.. "Exif\0\0"u8, 0xFF, 0xD8, 0xFF, 0xD9, 0x12, 0xFF, 0xD9]);
        }

        Segment(b, 0xDB, [0, .. Enumerable.Range(1, 64).Select(i => (byte)i)]);
        Segment(b, 0xC0, [8, (byte)(height >> 8), (byte)height, (byte)(width >> 8), (byte)width, 1, 1, 0x11, 0]);
        Segment(b, 0xC4, [0, .. Enumerable.Repeat((byte)0, 16), 0]);
        Segment(b, 0xDA, [1, 1, 0, 0, 63, 0]);
        var random = new Random(seed);
        for (var i = 0; i < entropyBytes; i++)
        {
            var v = (byte)random.Next(0, 255);
            b.Add(v);
            if (v == 0xFF)
            {
                b.Add(0x00);
            }

            if (i == entropyBytes / 2)
            {
                b.AddRange([0xFF, 0x00, 0xFF, 0xD3]);
            }
        }

        b.AddRange([0xFF, 0xD9]);
        return [.. b];
    }

    /// <summary>A multipart body the way the device writes it (no closing boundary).</summary>
    public static byte[] Multipart(IEnumerable<byte[]> jpegs, bool contentLength)
    {
        var stream = new MemoryStream();
        foreach (var jpeg in jpegs)
        {
            var header = contentLength
                ? $"--frame\r\nContent-Type: image/jpeg\r\nContent-Length: {jpeg.Length}\r\n\r\n"
                : "--frame\r\nContent-Type: image/jpeg\r\n\r\n";
            stream.Write(Encoding.ASCII.GetBytes(header));
            stream.Write(jpeg);
            stream.Write("\r\n"u8);
        }

        return stream.ToArray();
    }

    private static void Segment(List<byte> b, byte marker, byte[] payload)
    {
        b.AddRange([0xFF, marker, (byte)((payload.Length + 2) >> 8), (byte)(payload.Length + 2)]);
        b.AddRange(payload);
    }
}

/// <summary>A stream that hands out its bytes in the given chunk sizes, so every chunk split is exercised.</summary>
internal sealed class ChunkedStream(byte[] data, params int[] chunks) : Stream
{
    private int _position;
    private int _chunk;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => data.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var size = _chunk < chunks.Length ? chunks[_chunk++] : int.MaxValue;
        var n = Math.Min(Math.Min(size, buffer.Length), data.Length - _position);
        data.AsSpan(_position, n).CopyTo(buffer);
        _position += n;
        return n;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult(Read(buffer.Span));

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Task.FromResult(Read(buffer.AsSpan(offset, count)));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
