namespace NanoKvm.Imaging.Jpeg.Encoding;

/// <summary>
/// The 8×8 forward DCT as two passes of an orthonormal 8-point DCT matrix. Orthonormal scaling is exactly the
/// normalisation T.81 A.3.3 defines, so the result can be divided by the quantization table directly.
/// </summary>
internal static class ForwardDct
{
    // Row u holds c(u) * cos((2x + 1) u pi / 16).
    private static readonly float[] Basis = BuildBasis();

    private static float[] BuildBasis()
    {
        var basis = new float[64];
        for (var u = 0; u < 8; u++)
        {
            var c = u == 0 ? Math.Sqrt(1.0 / 8) : Math.Sqrt(2.0 / 8);
            for (var x = 0; x < 8; x++)
            {
                basis[(u * 8) + x] = (float)(c * Math.Cos(((2 * x) + 1) * u * Math.PI / 16));
            }
        }

        return basis;
    }

    /// <summary>Transforms a level-shifted block (natural order) in place.</summary>
    public static void Transform(Span<float> block)
    {
        Span<float> temp = stackalloc float[64];
        var basis = Basis.AsSpan();

        // Rows: temp[y, u] = sum_x basis[u, x] * block[y, x].
        for (var y = 0; y < 8; y++)
        {
            var row = block.Slice(y * 8, 8);
            for (var u = 0; u < 8; u++)
            {
                var b = basis.Slice(u * 8, 8);
                temp[(y * 8) + u] = (b[0] * row[0]) + (b[1] * row[1]) + (b[2] * row[2]) + (b[3] * row[3])
                    + (b[4] * row[4]) + (b[5] * row[5]) + (b[6] * row[6]) + (b[7] * row[7]);
            }
        }

        // Columns: block[v, u] = sum_y basis[v, y] * temp[y, u].
        for (var u = 0; u < 8; u++)
        {
            for (var v = 0; v < 8; v++)
            {
                var b = basis.Slice(v * 8, 8);
                block[(v * 8) + u] = (b[0] * temp[u]) + (b[1] * temp[8 + u]) + (b[2] * temp[16 + u]) + (b[3] * temp[24 + u])
                    + (b[4] * temp[32 + u]) + (b[5] * temp[40 + u]) + (b[6] * temp[48 + u]) + (b[7] * temp[56 + u]);
            }
        }
    }
}
