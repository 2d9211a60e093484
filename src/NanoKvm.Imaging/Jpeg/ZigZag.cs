namespace NanoKvm.Imaging.Jpeg;

/// <summary>The zig-zag order in which JPEG stores the 64 coefficients of a block.</summary>
internal static class ZigZag
{
    /// <summary>
    /// Maps a position in the zig-zag sequence to the natural (row-major) index. 16 extra entries point at 63 so a
    /// corrupt run length that overshoots the block lands on a harmless slot instead of outside the array.
    /// </summary>
    public static readonly byte[] ToNatural = Build();

    private static byte[] Build()
    {
        var order = new byte[64 + 16];
        int x = 0, y = 0;
        for (var i = 0; i < 64; i++)
        {
            order[i] = (byte)((y * 8) + x);
            if (((x + y) & 1) == 0)
            {
                // Moving up and to the right.
                if (x == 7) { y++; }
                else if (y == 0) { x++; }
                else { x++; y--; }
            }
            else
            {
                // Moving down and to the left.
                if (y == 7) { x++; }
                else if (x == 0) { y++; }
                else { x--; y++; }
            }
        }

        for (var i = 64; i < order.Length; i++)
        {
            order[i] = 63;
        }

        return order;
    }
}
