using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace NanoKvm.Imaging.Jpeg.Encoding;

/// <summary>
/// The 8×8 forward DCT as two passes of an orthonormal 8-point DCT matrix, eight lanes at a time. Orthonormal
/// scaling is exactly the normalisation T.81 A.3.3 defines, so results divide by the quantization table directly.
/// </summary>
internal static class ForwardDct
{
    // Basis[u * 8 + x] = c(u) cos((2x + 1) u pi / 16).
    private static readonly float[] Basis = BuildBasis();

    /// <summary>For zig-zag position k, the index of that coefficient in the transposed output of <see cref="Transform"/>.</summary>
    public static readonly byte[] ZigZagToTransposed = BuildZigZagToTransposed();

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

    private static byte[] BuildZigZagToTransposed()
    {
        var table = new byte[64];
        for (var k = 0; k < 64; k++)
        {
            var natural = ZigZag.ToNatural[k];
            table[k] = (byte)(((natural % 8) * 8) + (natural / 8));
        }

        return table;
    }

    /// <summary>
    /// Transforms a level-shifted block given in natural order (row y at y * 8). The result is transposed: the
    /// coefficient of vertical frequency v and horizontal frequency u lands at u * 8 + v, which saves a transpose.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transform(ReadOnlySpan<float> block, Span<float> transposed)
    {
        var b = Basis.AsSpan(0, 64);
        var r0 = Vector256.Create(block.Slice(0, 8));
        var r1 = Vector256.Create(block.Slice(8, 8));
        var r2 = Vector256.Create(block.Slice(16, 8));
        var r3 = Vector256.Create(block.Slice(24, 8));
        var r4 = Vector256.Create(block.Slice(32, 8));
        var r5 = Vector256.Create(block.Slice(40, 8));
        var r6 = Vector256.Create(block.Slice(48, 8));
        var r7 = Vector256.Create(block.Slice(56, 8));

        // Columns first: g[v, x] = sum_y basis[v, y] * f[y, x].
        Span<float> g = stackalloc float[64];
        for (var v = 0; v < 8; v++)
        {
            var k = v * 8;
            var sum = (r0 * b[k]) + (r1 * b[k + 1]) + (r2 * b[k + 2]) + (r3 * b[k + 3])
                + (r4 * b[k + 4]) + (r5 * b[k + 5]) + (r6 * b[k + 6]) + (r7 * b[k + 7]);
            sum.CopyTo(g.Slice(k, 8));
        }

        // Then rows, on g's columns (vectors over v): F[v, u] = sum_x basis[u, x] * g[v, x], stored at u * 8 + v.
        var c0 = Column(g, 0);
        var c1 = Column(g, 1);
        var c2 = Column(g, 2);
        var c3 = Column(g, 3);
        var c4 = Column(g, 4);
        var c5 = Column(g, 5);
        var c6 = Column(g, 6);
        var c7 = Column(g, 7);
        for (var u = 0; u < 8; u++)
        {
            var k = u * 8;
            var sum = (c0 * b[k]) + (c1 * b[k + 1]) + (c2 * b[k + 2]) + (c3 * b[k + 3])
                + (c4 * b[k + 4]) + (c5 * b[k + 5]) + (c6 * b[k + 6]) + (c7 * b[k + 7]);
            sum.CopyTo(transposed.Slice(k, 8));
        }
    }

    private static Vector256<float> Column(ReadOnlySpan<float> g, int x) =>
        Vector256.Create(g[x], g[8 + x], g[16 + x], g[24 + x], g[32 + x], g[40 + x], g[48 + x], g[56 + x]);
}
