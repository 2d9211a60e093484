using System.Buffers.Binary;

namespace NanoKvm.Client.Video.Mjpeg;

/// <summary>Reads the image size from a JPEG's frame header (SOFn) by walking marker segments; no pixel decoding.</summary>
internal static class JpegHeader
{
    /// <summary>Finds the first SOFn segment and reads its height and width.</summary>
    /// <returns>False when the bytes are not a JPEG or end before a frame header.</returns>
    public static bool TryReadSize(ReadOnlySpan<byte> jpeg, out int width, out int height)
    {
        width = 0;
        height = 0;
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8)
        {
            return false;
        }

        var position = 2;
        while (position + 1 < jpeg.Length)
        {
            if (jpeg[position] != 0xFF)
            {
                return false;
            }

            var marker = jpeg[position + 1];
            if (marker == 0xFF)
            {
                position++; // fill byte
                continue;
            }

            position += 2;
            if (IsStandalone(marker))
            {
                continue;
            }

            if (marker is 0xD9 or 0xDA || position + 2 > jpeg.Length)
            {
                return false; // image data or end before any frame header
            }

            var length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[position..]);
            if (length < 2)
            {
                return false;
            }

            if (IsStartOfFrame(marker))
            {
                if (length < 7 || position + 7 > jpeg.Length)
                {
                    return false;
                }

                height = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(position + 3)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(position + 5)..]);
                return width > 0 && height > 0;
            }

            position += length;
        }

        return false;
    }

    /// <summary>Markers without a length field: TEM, RST0–7, SOI, EOI.</summary>
    public static bool IsStandalone(byte marker) => marker is 0x01 or (>= 0xD0 and <= 0xD8);

    /// <summary>SOF0–SOF15 except DHT (C4), JPG (C8) and DAC (CC).</summary>
    public static bool IsStartOfFrame(byte marker) => marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
}
