using NanoKvm.Client.Http.WebSockets;

namespace NanoKvm.Client.Tests.WebSockets;

/// <summary>Test helper: frames encoded back to back into one buffer, as the report pipe lays them out.</summary>
internal sealed class EncodedFrames(int capacity)
{
    private readonly byte[] _buffer = new byte[Math.Max(capacity, ClientFrameEncoder.MaxFrameLength)];
    private readonly ClientFrameEncoder _encoder = new();

    public int Length { get; private set; }

    public bool HasRoom => _buffer.Length - Length >= ClientFrameEncoder.MaxFrameLength;

    public ReadOnlyMemory<byte> Encoded => _buffer.AsMemory(0, Length);

    public void Add(ReadOnlySpan<byte> payload, bool text) => Length += _encoder.Encode(_buffer.AsSpan(Length), payload, text);

    public void Clear() => Length = 0;
}
