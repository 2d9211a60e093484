using System.Buffers.Binary;

namespace NanoKvm.Client.Hid.Reports;

/// <summary>
/// Encodes reports for firmware 2.3.2 and later: a binary frame whose first byte is the message type
/// (0 heartbeat, 1 keyboard, 2 mouse) followed by the raw report the device writes to its gadget verbatim.
/// Writes into the caller's span; never allocates.
/// </summary>
internal static class BinaryReportEncoder
{
    public const byte Heartbeat = 0x00;
    public const byte Keyboard = 0x01;
    public const byte Mouse = 0x02;

    /// <summary><c>01 mods 00 k1..k6</c> (9 bytes).</summary>
    public static int EncodeKeyboard(Span<byte> destination, in KeyboardReport report)
    {
        destination[0] = Keyboard;
        destination[1] = report.Modifiers;
        destination[2] = 0;
        for (var i = 0; i < KeyChord.MaxKeys; i++)
        {
            destination[3 + i] = report.Keys[i];
        }

        return 9;
    }

    /// <summary><c>02 buttons dx dy wheel</c> (5 bytes) for the relative mouse; deltas must be within ±127.</summary>
    public static int EncodeRelative(Span<byte> destination, byte buttons, sbyte dx, sbyte dy, sbyte wheel)
    {
        destination[0] = Mouse;
        destination[1] = (byte)(buttons & 0x07);
        destination[2] = (byte)dx;
        destination[3] = (byte)dy;
        destination[4] = (byte)wheel;
        return 5;
    }

    /// <summary><c>02 buttons xLE yLE wheel</c> (7 bytes) for the absolute pointer (0…32767).</summary>
    public static int EncodeAbsolute(Span<byte> destination, byte buttons, ushort x, ushort y, sbyte wheel)
    {
        destination[0] = Mouse;
        destination[1] = (byte)(buttons & 0x1F);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[2..], x);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..], y);
        destination[6] = (byte)wheel;
        return 7;
    }

    /// <summary>The single heartbeat byte <c>00</c>.</summary>
    public static int EncodeHeartbeat(Span<byte> destination)
    {
        destination[0] = Heartbeat;
        return 1;
    }
}
