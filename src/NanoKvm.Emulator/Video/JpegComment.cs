using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace NanoKvm.Emulator.Video;

/// <summary>
/// Tags each emulated JPEG with the host screen's frame id in a COM segment right after SOI, so a test can tell
/// exactly which screen state a received frame shows. Decoders ignore COM segments.
/// </summary>
public static class JpegComment
{
    private const string Prefix = "nanokvm-emulator frame-id=";

    /// <summary>Returns the JPEG with a COM segment carrying <paramref name="frameId"/>.</summary>
    public static byte[] Tag(byte[] jpeg, long frameId)
    {
        ArgumentNullException.ThrowIfNull(jpeg);
        var text = Encoding.ASCII.GetBytes(Prefix + frameId.ToString(CultureInfo.InvariantCulture));
        var result = new byte[jpeg.Length + 4 + text.Length];
        jpeg.AsSpan(0, 2).CopyTo(result);
        result[2] = 0xFF;
        result[3] = 0xFE;
        BinaryPrimitives.WriteUInt16BigEndian(result.AsSpan(4), (ushort)(text.Length + 2));
        text.CopyTo(result.AsSpan(6));
        jpeg.AsSpan(2).CopyTo(result.AsSpan(6 + text.Length));
        return result;
    }

    /// <summary>Reads the frame id from a JPEG produced by the emulator; null when it carries none.</summary>
    public static long? ReadFrameId(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 6 || jpeg[2] != 0xFF || jpeg[3] != 0xFE)
        {
            return null;
        }

        var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[4..]);
        if (length < 2 || 4 + length > jpeg.Length)
        {
            return null;
        }

        var text = Encoding.ASCII.GetString(jpeg.Slice(6, length - 2));
        return text.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(text.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;
    }
}
