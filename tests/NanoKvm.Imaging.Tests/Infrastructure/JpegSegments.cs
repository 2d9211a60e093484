namespace NanoKvm.Imaging.Tests.Infrastructure;

/// <summary>Finds and rewrites marker segments of a JPEG, to build malformed variants of valid files.</summary>
internal static class JpegSegments
{
    /// <summary>Offset of the first marker (the FF byte) with the given code before the first scan's data, or -1.</summary>
    public static int Find(byte[] jpeg, byte marker)
    {
        var p = 2;
        while (p + 4 <= jpeg.Length && jpeg[p] == 0xFF)
        {
            if (jpeg[p + 1] == marker)
            {
                return p;
            }

            if (jpeg[p + 1] == 0xDA)
            {
                return -1;
            }

            p += 2 + ((jpeg[p + 2] << 8) | jpeg[p + 3]);
        }

        return -1;
    }

    /// <summary>Copy of the file with <paramref name="bytes"/> written at the marker's payload offset + <paramref name="payloadIndex"/>.</summary>
    public static byte[] Patch(byte[] jpeg, byte marker, int payloadIndex, params byte[] bytes)
    {
        var at = Find(jpeg, marker);
        Assert.True(at >= 0, $"marker FF {marker:X2} not found");
        var copy = (byte[])jpeg.Clone();
        bytes.CopyTo(copy, at + 4 + payloadIndex);
        return copy;
    }

    /// <summary>Copy of the file with raw bytes inserted before the marker at <paramref name="offset"/>.</summary>
    public static byte[] InsertAt(byte[] jpeg, int offset, params byte[] bytes) => [.. jpeg[..offset], .. bytes, .. jpeg[offset..]];

    /// <summary>Copy of the file with the whole segment of <paramref name="marker"/> replaced by <paramref name="segment"/>.</summary>
    public static byte[] ReplaceSegment(byte[] jpeg, byte marker, byte[] segment)
    {
        var at = Find(jpeg, marker);
        Assert.True(at >= 0, $"marker FF {marker:X2} not found");
        var end = at + 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3]);
        return [.. jpeg[..at], .. segment, .. jpeg[end..]];
    }
}
