namespace NanoKvm.Client.Http.WebSockets;

/// <summary>A reusable buffer of encoded client frames waiting to go out together in one socket write.</summary>
internal sealed class OutgoingFrames(int capacity)
{
    private readonly byte[] _buffer = new byte[Math.Max(capacity, ClientFrameEncoder.MaxFrameLength)];
    private readonly ClientFrameEncoder _encoder = new();

    /// <summary>Bytes encoded so far.</summary>
    public int Length { get; private set; }

    /// <summary>Whether one more frame of any size fits.</summary>
    public bool HasRoom => _buffer.Length - Length >= ClientFrameEncoder.MaxFrameLength;

    public ReadOnlyMemory<byte> Encoded => _buffer.AsMemory(0, Length);

    /// <summary>Messages encoded so far.</summary>
    public int Count { get; private set; }

    /// <summary>Appends one message as a single masked frame.</summary>
    public void Add(ReadOnlySpan<byte> payload, bool text)
    {
        Length += _encoder.Encode(_buffer.AsSpan(Length), payload, text);
        Count++;
    }

    public void Clear() => (Length, Count) = (0, 0);
}
