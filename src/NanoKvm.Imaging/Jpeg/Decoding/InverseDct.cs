using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>
/// The 8×8 inverse DCT (T.81 A.3.3) as two passes of an orthonormal basis matrix, eight columns at a time in a
/// <see cref="Vector256{T}"/>. Reduced sizes (4, 2, 1) use only the lowest frequencies with the same normalisation,
/// which yields the box-averaged picture at 1/2, 1/4 and 1/8 scale directly from the coefficients.
/// </summary>
internal static class InverseDct
{
    // Basis[u * 8 + x] = c(u) cos((2x + 1) u pi / 16).
    private static readonly float[] Basis = BuildBasis(8);
    private static readonly float[] Basis4 = BuildBasis(4);
    private static readonly float[] Basis2 = BuildBasis(2);
    private static readonly Vector256<float>[] BasisRows = BuildRows();

    /// <summary>
    /// Basis for an N-point output: the 8-point normalisation with the N-point cosine grid, so each output sample is
    /// the mean of the 8/N full-size samples it covers (low frequencies only).
    /// </summary>
    private static float[] BuildBasis(int size)
    {
        var basis = new float[size * size];
        for (var u = 0; u < size; u++)
        {
            var c = u == 0 ? Math.Sqrt(1.0 / 8) : Math.Sqrt(2.0 / 8);
            for (var x = 0; x < size; x++)
            {
                basis[(u * size) + x] = (float)(c * Math.Cos(((2 * x) + 1) * u * Math.PI / (2 * size)));
            }
        }

        return basis;
    }

    private static Vector256<float>[] BuildRows()
    {
        var rows = new Vector256<float>[8];
        for (var u = 0; u < 8; u++)
        {
            rows[u] = Vector256.Create(Basis.AsSpan(u * 8, 8));
        }

        return rows;
    }

    /// <summary>
    /// Transforms dequantized coefficients (natural order) and stores clamped samples into an 8×8 area of a plane.
    /// </summary>
    /// <param name="coefficients">64 coefficients; the array is left unchanged.</param>
    /// <param name="nonZeroRows">Bit v set when row v of the coefficients has a non-zero entry.</param>
    /// <param name="output">Plane, starting at the block's top-left sample.</param>
    /// <param name="stride">Plane row length.</param>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Transform8(ReadOnlySpan<float> coefficients, int nonZeroRows, Span<byte> output, int stride)
    {
        if (nonZeroRows <= 1 && IsDcOnly(coefficients))
        {
            FillConstant(coefficients[0] / 8f, 8, output, stride);
            return;
        }

        // Pass 1, along x: t[v] = sum_u F[v, u] * basis[u, .] (rows without coefficients stay zero).
        var t0 = Row(coefficients, 0, nonZeroRows);
        var t1 = Row(coefficients, 1, nonZeroRows);
        var t2 = Row(coefficients, 2, nonZeroRows);
        var t3 = Row(coefficients, 3, nonZeroRows);
        var t4 = Row(coefficients, 4, nonZeroRows);
        var t5 = Row(coefficients, 5, nonZeroRows);
        var t6 = Row(coefficients, 6, nonZeroRows);
        var t7 = Row(coefficients, 7, nonZeroRows);

        // Pass 2, along y: sample[y, .] = sum_v basis[v, y] * t[v], level-shifted, rounded and clamped.
        var b = Basis.AsSpan(0, 64);
        Span<Vector256<int>> samples = stackalloc Vector256<int>[8];
        var offset = Vector256.Create(128.5f);
        var high = Vector256.Create(255f);
        for (var y = 0; y < 8; y++)
        {
            var sum = offset + (t0 * b[y]) + (t1 * b[8 + y]) + (t2 * b[16 + y]) + (t3 * b[24 + y])
                + (t4 * b[32 + y]) + (t5 * b[40 + y]) + (t6 * b[48 + y]) + (t7 * b[56 + y]);
            samples[y] = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(sum, Vector256<float>.Zero), high));
        }

        // Narrow 8 rows of int to bytes (values are already 0-255) and store each row as one 8-byte write.
        var upper = Vector256.Narrow(Vector256.Narrow(samples[0], samples[1]), Vector256.Narrow(samples[2], samples[3])).AsUInt64();
        var lower = Vector256.Narrow(Vector256.Narrow(samples[4], samples[5]), Vector256.Narrow(samples[6], samples[7])).AsUInt64();
        for (var y = 0; y < 4; y++)
        {
            MemoryMarshal.Write(output.Slice(y * stride, 8), upper.GetElement(y));
            MemoryMarshal.Write(output.Slice((y + 4) * stride, 8), lower.GetElement(y));
        }
    }

    private static Vector256<float> Row(ReadOnlySpan<float> coefficients, int v, int nonZeroRows)
    {
        var accumulator = Vector256<float>.Zero;
        if ((nonZeroRows & (1 << v)) != 0)
        {
            var row = coefficients.Slice(v * 8, 8);
            var rows = BasisRows;
            for (var u = 0; u < 8; u++)
            {
                if (row[u] != 0)
                {
                    accumulator += rows[u] * row[u];
                }
            }
        }

        return accumulator;
    }

    /// <summary>Reduced-size transform producing size × size samples (size 4, 2 or 1) from the lowest frequencies.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void TransformReduced(ReadOnlySpan<float> coefficients, int size, Span<byte> output, int stride)
    {
        if (size == 1 || IsDcOnly(coefficients))
        {
            FillConstant(coefficients[0] / 8f, size, output, stride);
            return;
        }

        var basis = size == 4 ? Basis4 : Basis2;
        Span<float> temp = stackalloc float[16];
        for (var v = 0; v < size; v++)
        {
            for (var x = 0; x < size; x++)
            {
                var sum = 0f;
                for (var u = 0; u < size; u++)
                {
                    sum += coefficients[(v * 8) + u] * basis[(u * size) + x];
                }

                temp[(v * size) + x] = sum;
            }
        }

        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                var sum = 0f;
                for (var v = 0; v < size; v++)
                {
                    sum += basis[(v * size) + y] * temp[(v * size) + x];
                }

                output[(y * stride) + x] = ClampToByte(sum + 128f);
            }
        }
    }

    private static bool IsDcOnly(ReadOnlySpan<float> coefficients)
    {
        for (var i = 1; i < 64; i++)
        {
            if (coefficients[i] != 0)
            {
                return false;
            }
        }

        return true;
    }

    private static void FillConstant(float level, int size, Span<byte> output, int stride)
    {
        var value = ClampToByte(level + 128f);
        for (var y = 0; y < size; y++)
        {
            output.Slice(y * stride, size).Fill(value);
        }
    }

    private static byte ClampToByte(float value) => (byte)Math.Clamp((int)MathF.Round(value), 0, 255);
}
