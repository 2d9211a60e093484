namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>Parses and validates a start-of-frame (SOFn) segment.</summary>
internal static class FrameHeader
{
    public static JpegInfo Parse(byte marker, ReadOnlySpan<byte> payload, int offset)
    {
        if (payload.Length < 6)
        {
            throw new JpegFormatException($"Frame header (SOF{marker - JpegMarker.Sof0}) too short", offset);
        }

        var precision = payload[0];
        var height = (payload[1] << 8) | payload[2];
        var width = (payload[3] << 8) | payload[4];
        var count = payload[5];
        if (width == 0)
        {
            throw new JpegFormatException("Frame header declares width 0", offset);
        }

        if (count == 0)
        {
            throw new JpegFormatException("Frame header declares no components", offset);
        }

        if (payload.Length != 6 + (3 * count))
        {
            throw new JpegFormatException($"Frame header length does not match its {count} components", offset);
        }

        var components = new JpegComponentInfo[count];
        for (var i = 0; i < count; i++)
        {
            var entry = payload.Slice(6 + (3 * i), 3);
            int h = entry[1] >> 4, v = entry[1] & 15, table = entry[2];
            if (h is < 1 or > 4 || v is < 1 or > 4)
            {
                throw new JpegFormatException($"Component {entry[0]} has invalid sampling factors {h}x{v} (1-4 allowed)", offset + 6 + (3 * i));
            }

            if (table > 3)
            {
                throw new JpegFormatException($"Component {entry[0]} refers to quantization table {table} (0-3 allowed)", offset + 6 + (3 * i));
            }

            for (var j = 0; j < i; j++)
            {
                if (components[j].Id == entry[0])
                {
                    throw new JpegFormatException($"Component id {entry[0]} appears twice in the frame header", offset + 6 + (3 * i));
                }
            }

            components[i] = new JpegComponentInfo(entry[0], h, v, table);
        }

        return new JpegInfo(width, height, precision, marker, components);
    }

    /// <summary>Why a frame cannot be decoded here, or null when it can (8-bit baseline or extended sequential Huffman).</summary>
    public static string? Unsupported(byte marker, JpegInfo info)
    {
        var process = marker switch
        {
            0xC2 => "progressive (SOF2)",
            0xC3 => "lossless (SOF3)",
            0xC5 or 0xC6 or 0xC7 => $"hierarchical/differential (SOF{marker - 0xC0})",
            0xC9 => "arithmetic-coded sequential (SOF9)",
            0xCA => "arithmetic-coded progressive (SOF10)",
            0xCB => "arithmetic-coded lossless (SOF11)",
            0xCD or 0xCE or 0xCF => $"arithmetic-coded hierarchical (SOF{marker - 0xC0})",
            _ => null,
        };
        if (process is not null)
        {
            return $"Unsupported JPEG coding process: {process}. Only baseline/extended sequential Huffman JPEG is decoded";
        }

        if (info.Precision != 8)
        {
            return $"Unsupported sample precision {info.Precision} bits; only 8-bit JPEG is decoded";
        }

        if (info.ComponentCount is not (1 or 3))
        {
            return $"Unsupported component count {info.ComponentCount}; only grayscale (1) and YCbCr/RGB (3) are decoded";
        }

        if (info.Height == 0)
        {
            return "Height 0 (deferred to a DNL marker) is not supported";
        }

        return null;
    }

    public static bool IsStartOfFrame(byte marker) =>
        marker is >= 0xC0 and <= 0xCF and not JpegMarker.Dht and not JpegMarker.Jpg and not JpegMarker.Dac;
}
