using System.Security.Cryptography;
using NanoKvm.Client.Video.Mjpeg;

namespace NanoKvm.Client.Video;

/// <summary>
/// One JPEG frame as the device sent it: the bytes, the image size read from the JPEG header, and when it arrived.
/// </summary>
/// <remarks>
/// <para>
/// <b>Ownership.</b> A frame handed to you is yours. Its bytes live in a buffer rented from
/// <see cref="System.Buffers.ArrayPool{T}.Shared"/>; <see cref="Dispose"/> returns the buffer, after which
/// <see cref="Data"/> throws <see cref="ObjectDisposedException"/>. Dispose each frame when done (a <c>using</c> in the
/// loop body); a frame you never dispose is simply collected by the GC, without the pooling benefit. Keep the bytes
/// beyond that with <see cref="ToArray"/>.
/// </para>
/// <para>The SDK never decodes pixels; pass <see cref="Data"/> to an image library, a file or an MCP image block.</para>
/// </remarks>
public sealed class VideoFrame : IDisposable
{
    private readonly FrameBuffer _buffer;
    private readonly int _length;
    private byte[]? _hash;
    private int _disposed;

    internal VideoFrame(FrameBuffer buffer, int length, int width, int height, DateTimeOffset receivedAt, long sequence)
    {
        _buffer = buffer;
        _length = length;
        Width = width;
        Height = height;
        ReceivedAt = receivedAt;
        Sequence = sequence;
    }

    /// <summary>The JPEG file bytes (SOI to EOI). Valid until <see cref="Dispose"/>.</summary>
    /// <exception cref="ObjectDisposedException">The frame was disposed.</exception>
    public ReadOnlyMemory<byte> Data
    {
        get
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
            return new ReadOnlyMemory<byte>(_buffer.Array, 0, _length);
        }
    }

    /// <summary>Size of the JPEG in bytes.</summary>
    public int Length => _length;

    /// <summary>Image width in pixels, from the JPEG frame header (SOF).</summary>
    public int Width { get; }

    /// <summary>Image height in pixels, from the JPEG frame header (SOF).</summary>
    public int Height { get; }

    /// <summary>When the client finished receiving the frame (the client's <see cref="NanoKvmClientOptions.TimeProvider"/>).</summary>
    public DateTimeOffset ReceivedAt { get; }

    /// <summary>Position of the frame in its MJPEG connection, starting at 1; 0 for frames built with <see cref="FromJpeg"/>.</summary>
    public long Sequence { get; }

    /// <summary>
    /// SHA-256 of the JPEG bytes as upper-case hex. Equal hashes mean byte-identical frames; the device's encoder is
    /// deterministic, so an unchanged screen normally gives an unchanged hash (see docs/video.md for the caveats).
    /// </summary>
    /// <exception cref="ObjectDisposedException">The frame was disposed before the hash was first computed.</exception>
    public string ContentHash => Convert.ToHexString(HashBytes());

    /// <summary>Wraps JPEG bytes you already have (a file, a test fixture) as a frame. The array is not copied.</summary>
    /// <param name="jpeg">A complete baseline or progressive JPEG.</param>
    /// <param name="receivedAt">The timestamp to report.</param>
    /// <returns>The frame, with its size read from the JPEG header.</returns>
    /// <exception cref="ArgumentException">The bytes are not a JPEG with a frame header.</exception>
    public static VideoFrame FromJpeg(byte[] jpeg, DateTimeOffset receivedAt)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        if (!JpegHeader.TryReadSize(jpeg, out var width, out var height))
        {
            throw new ArgumentException("The bytes are not a JPEG image with a frame (SOF) header.", nameof(jpeg));
        }

        return new VideoFrame(FrameBuffer.Wrap(jpeg), jpeg.Length, width, height, receivedAt, sequence: 0);
    }

    /// <summary>Copies the JPEG bytes into a new array that outlives the frame.</summary>
    /// <returns>A copy of <see cref="Data"/>.</returns>
    public byte[] ToArray() => Data.ToArray();

    /// <summary>Returns the buffer to the pool. Safe to call more than once.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _buffer.Release();
        }
    }

    /// <summary>True when both frames have the same bytes (compared by hash).</summary>
    internal bool SameContentAs(VideoFrame other) => HashBytes().AsSpan().SequenceEqual(other.HashBytes());

    internal byte[] HashBytes()
    {
        var hash = Volatile.Read(ref _hash);
        if (hash is null)
        {
            hash = SHA256.HashData(Data.Span);
            Volatile.Write(ref _hash, hash);
        }

        return hash;
    }

    /// <summary>Another owner of the same bytes (no copy): the shared stream hands these to concurrent callers.</summary>
    internal VideoFrame Share()
    {
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        _buffer.AddReference();
        return new VideoFrame(_buffer, _length, Width, Height, ReceivedAt, Sequence) { _hash = Volatile.Read(ref _hash) };
    }
}
