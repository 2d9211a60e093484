using System.Buffers.Binary;
using System.Security.Cryptography;

namespace NanoKvm.Client.Http.WebSockets;

/// <summary>
/// Writes complete, masked client-to-server WebSocket frames (RFC 6455 §5.2) for short messages, back to back into
/// one buffer, so a burst of HID reports costs one socket write instead of one per report. Every frame gets a fresh
/// masking key from a cryptographic generator, drawn from a refilled block rather than one generator call per frame.
/// </summary>
internal sealed class ClientFrameEncoder
{
    /// <summary>Longest payload this encoder frames: the 7-bit length form, enough for any HID report.</summary>
    public const int MaxPayload = 125;

    /// <summary>Header (2 bytes) + masking key (4) + the longest payload.</summary>
    public const int MaxFrameLength = 2 + 4 + MaxPayload;

    private const byte Final = 0x80;
    private const byte Masked = 0x80;
    private const byte TextOpcode = 0x1;
    private const byte BinaryOpcode = 0x2;

    private readonly byte[] _masks = new byte[4096];
    private int _nextMask = 4096;

    /// <summary>Frames <paramref name="payload"/> at the start of <paramref name="destination"/>; returns the bytes written.</summary>
    public int Encode(Span<byte> destination, ReadOnlySpan<byte> payload, bool text)
    {
        if (payload.Length > MaxPayload)
        {
            throw new ArgumentOutOfRangeException(nameof(payload), payload.Length, $"Frames of more than {MaxPayload} bytes are not written here.");
        }

        var length = 6 + payload.Length;
        var frame = destination[..length];
        frame[0] = (byte)(Final | (text ? TextOpcode : BinaryOpcode));
        frame[1] = (byte)(Masked | payload.Length);
        var mask = NextMask();
        BinaryPrimitives.WriteUInt32LittleEndian(frame[2..], mask);
        var body = frame[6..];
        for (var i = 0; i < payload.Length; i++)
        {
            body[i] = (byte)(payload[i] ^ (byte)(mask >> (8 * (i & 3))));
        }

        return length;
    }

    private uint NextMask()
    {
        if (_nextMask == _masks.Length)
        {
            RandomNumberGenerator.Fill(_masks);
            _nextMask = 0;
        }

        var mask = BinaryPrimitives.ReadUInt32LittleEndian(_masks.AsSpan(_nextMask));
        _nextMask += 4;
        return mask;
    }
}
