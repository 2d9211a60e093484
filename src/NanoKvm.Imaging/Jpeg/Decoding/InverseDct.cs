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
    public static void Transform8(ReadOnlySpan<float> coefficients, int nonZeroRows, Span<byte> output, int stride)
    {
        if (nonZeroRows <= 1 && IsDcOnly(coefficients))
        {
            FillConstant(coefficients[0] / 8f, 8, output, stride);
            return;
        }

        // Pass 1, along x: temp[v] = sum_u F[v, u] * basis[u, .].
        Span<Vector256<float>> temp = stackalloc Vector256<float>[8];
        var rows = BasisRows;
        for (var v = 0; v < 8; v++)
        {
            var accumulator = Vector256<float>.Zero;
            if ((nonZeroRows & (1 << v)) != 0)
            {
                var row = coefficients.Slice(v * 8, 8);
                for (var u = 0; u < 8; u++)
                {
                    if (row[u] != 0)
                    {
                        accumulator += rows[u] * row[u];
                    }
                }
            }

            temp[v] = accumulator;
        }

        // Pass 2, along y: sample[y, .] = sum_v basis[v, y] * temp[v], then level shift, round and clamp.
        var basis = Basis;
        var offset = Vector256.Create(128.5f);
        var low = Vector256<float>.Zero;
        var high = Vector256.Create(255f);
        Span<int> samples = stackalloc int[8];
        for (var y = 0; y < 8; y++)
        {
            var accumulator = offset;
            for (var v = 0; v < 8; v++)
            {
                if ((nonZeroRows & (1 << v)) != 0)
                {
                    accumulator += temp[v] * basis[(v * 8) + y];
                }
            }

            var clamped = Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(accumulator, low), high));
            clamped.CopyTo(samples);
            var target = output.Slice(y * stride, 8);
            for (var x = 0; x < 8; x++)
            {
                target[x] = (byte)samples[x];
            }
        }
    }

    /// <summary>Reduced-size transform producing size × size samples (size 4, 2 or 1) from the lowest frequencies.</summary>
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
