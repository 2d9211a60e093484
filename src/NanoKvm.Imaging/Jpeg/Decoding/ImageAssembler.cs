using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>
/// Turns decoded component planes into RGB: upsamples subsampled chroma and converts YCbCr to RGB one output row at a
/// time. Twofold upsampling uses the triangle ("fancy") filter libjpeg applies by default, so output matches
/// djpeg's closely; other integer ratios replicate samples.
/// </summary>
internal static class ImageAssembler
{
    private const int FixedShift = 16;
    private const int Half = 1 << (FixedShift - 1);

    // JFIF: R = Y + 1.402 Cr', G = Y - 0.344136 Cb' - 0.714136 Cr', B = Y + 1.772 Cb', with C' = C - 128, in 16.16
    // fixed point. The scalar tables and the vector path use exactly the same integer arithmetic.
    private const int CrRedFactor = 91881;
    private const int CbBlueFactor = 116130;
    private const int CbGreenFactor = -22554;
    private const int CrGreenFactor = -46802;

    private static readonly int[] CrToRed = BuildTable(c => ((CrRedFactor * c) + Half) >> FixedShift);
    private static readonly int[] CbToBlue = BuildTable(c => ((CbBlueFactor * c) + Half) >> FixedShift);
    private static readonly int[] CrToGreen = BuildTable(c => CrGreenFactor * c);
    private static readonly int[] CbToGreen = BuildTable(c => (CbGreenFactor * c) + Half);

    // For 8 output pixels: where each of the 24 interleaved bytes comes from in [R0-7 G0-7] and in [B0-7 B0-7]
    // (an index of 0xFF yields zero, so the two shuffles can be OR-ed).
    private static readonly Vector128<byte> FromRedGreenLow = InterleaveIndices(0, fromBlue: false);
    private static readonly Vector128<byte> FromBlueLow = InterleaveIndices(0, fromBlue: true);
    private static readonly Vector128<byte> FromRedGreenHigh = InterleaveIndices(16, fromBlue: false);
    private static readonly Vector128<byte> FromBlueHigh = InterleaveIndices(16, fromBlue: true);

    private static int[] BuildTable(Func<int, int> map)
    {
        var table = new int[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = map(i - 128);
        }

        return table;
    }

    private static Vector128<byte> InterleaveIndices(int firstByte, bool fromBlue)
    {
        Span<byte> indices = stackalloc byte[16];
        for (var j = 0; j < 16; j++)
        {
            var position = firstByte + j;
            var pixel = position / 3;
            var channel = position % 3;
            indices[j] = position >= 24 ? (byte)0xFF
                : fromBlue ? (channel == 2 ? (byte)pixel : (byte)0xFF)
                : channel == 0 ? (byte)pixel : channel == 1 ? (byte)(8 + pixel) : (byte)0xFF;
        }

        return Vector128.Create((ReadOnlySpan<byte>)indices);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static RgbImage Assemble(FrameComponent[] components, FrameGeometry frame, ColorTransform transform)
    {
        var width = frame.OutputWidth;
        var height = frame.OutputHeight;
        var image = new RgbImage(width, height);
        var pixels = image.Pixels;

        if (components.Length == 1)
        {
            var gray = components[0];
            for (var y = 0; y < height; y++)
            {
                var source = gray.Plane.AsSpan(y * gray.Stride, width);
                var target = pixels.AsSpan(y * width * 3, width * 3);
                for (var x = 0; x < width; x++)
                {
                    var value = source[x];
                    target[x * 3] = value;
                    target[(x * 3) + 1] = value;
                    target[(x * 3) + 2] = value;
                }
            }

            return image;
        }

        var rows = new byte[3][];
        var columnSums = new int[components.Max(c => c.Width) + 1];
        for (var i = 0; i < 3; i++)
        {
            rows[i] = new byte[width + 1];
        }

        for (var y = 0; y < height; y++)
        {
            var c0 = RowFor(components[0], y, width, rows[0], columnSums);
            var c1 = RowFor(components[1], y, width, rows[1], columnSums);
            var c2 = RowFor(components[2], y, width, rows[2], columnSums);
            var target = pixels.AsSpan(y * width * 3, width * 3);
            if (transform == ColorTransform.None)
            {
                InterleaveRow(c0, c1, c2, target);
            }
            else
            {
                ConvertRow(c0, c1, c2, target);
            }
        }

        return image;
    }

    // Clamping through a table avoids two branches per channel; the offset covers every reachable Y + chroma term.
    private const int RangeOffset = 384;
    private static readonly byte[] RangeLimit = BuildRangeLimit();

    private static byte[] BuildRangeLimit()
    {
        var table = new byte[1024];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = (byte)Math.Clamp(i - RangeOffset, 0, 255);
        }

        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void ConvertRow(ReadOnlySpan<byte> luma, ReadOnlySpan<byte> blue, ReadOnlySpan<byte> red, Span<byte> target)
    {
        var width = target.Length / 3;
        luma = luma[..width];
        blue = blue[..width];
        red = red[..width];
        var x = 0;
        if (Vector256.IsHardwareAccelerated && Vector128.IsHardwareAccelerated)
        {
            var center = Vector256.Create(128);
            var half = Vector256.Create(Half);
            var max = Vector256.Create(255);
            for (; x + 8 <= width; x += 8)
            {
                var y = Widen8(luma, x);
                var cb = Widen8(blue, x) - center;
                var cr = Widen8(red, x) - center;
                var r = Clamp(y + Vector256.ShiftRightArithmetic((cr * CrRedFactor) + half, FixedShift), max);
                var g = Clamp(y + Vector256.ShiftRightArithmetic((cb * CbGreenFactor) + (cr * CrGreenFactor) + half, FixedShift), max);
                var b = Clamp(y + Vector256.ShiftRightArithmetic((cb * CbBlueFactor) + half, FixedShift), max);

                // Values are 0-255, so narrowing just drops zero bytes: [R0-7 G0-7] and [B0-7 B0-7].
                var redGreen = Vector128.Narrow(Vector128.Narrow(r.GetLower(), r.GetUpper()), Vector128.Narrow(g.GetLower(), g.GetUpper())).AsByte();
                var blueBytes = Vector128.Narrow(Vector128.Narrow(b.GetLower(), b.GetUpper()), Vector128.Narrow(b.GetLower(), b.GetUpper())).AsByte();
                var p = x * 3;
                (Vector128.ShuffleNative(redGreen, FromRedGreenLow) | Vector128.ShuffleNative(blueBytes, FromBlueLow)).CopyTo(target.Slice(p, 16));
                var tail = Vector128.ShuffleNative(redGreen, FromRedGreenHigh) | Vector128.ShuffleNative(blueBytes, FromBlueHigh);
                MemoryMarshal.Write(target.Slice(p + 16, 8), tail.AsUInt64().ToScalar());
            }
        }

        var limit = RangeLimit.AsSpan();
        var crToRed = CrToRed.AsSpan(0, 256);
        var cbToBlue = CbToBlue.AsSpan(0, 256);
        var cbToGreen = CbToGreen.AsSpan(0, 256);
        var crToGreen = CrToGreen.AsSpan(0, 256);
        for (; x < width; x++)
        {
            int y = luma[x] + RangeOffset, cb = blue[x], cr = red[x];
            var p = x * 3;
            target[p] = limit[y + crToRed[cr]];
            target[p + 1] = limit[y + ((cbToGreen[cb] + crToGreen[cr]) >> FixedShift)];
            target[p + 2] = limit[y + cbToBlue[cb]];
        }
    }

    private static Vector256<int> Widen8(ReadOnlySpan<byte> samples, int x)
    {
        var bytes = Vector128.CreateScalar(MemoryMarshal.Read<ulong>(samples.Slice(x, 8))).AsByte();
        var words = Vector128.WidenLower(bytes);
        return Vector256.Create(Vector128.WidenLower(words), Vector128.WidenUpper(words)).AsInt32();
    }

    private static Vector256<int> Clamp(Vector256<int> value, Vector256<int> max) => Vector256.Min(Vector256.Max(value, Vector256<int>.Zero), max);

    private static void InterleaveRow(ReadOnlySpan<byte> first, ReadOnlySpan<byte> second, ReadOnlySpan<byte> third, Span<byte> target)
    {
        for (var x = 0; x < target.Length / 3; x++)
        {
            target[x * 3] = first[x];
            target[(x * 3) + 1] = second[x];
            target[(x * 3) + 2] = third[x];
        }
    }

    /// <summary>The component's samples for output row <paramref name="y"/>, upsampled to full width when needed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static ReadOnlySpan<byte> RowFor(FrameComponent component, int y, int width, byte[] buffer, int[] columnSums)
    {
        int rx = component.HorizontalRatio, ry = component.VerticalRatio;
        var samples = component.Width;
        if (rx == 1 && ry == 1)
        {
            return component.Plane.AsSpan(y * component.Stride, width);
        }

        var output = buffer.AsSpan(0, width);
        // libjpeg's triangle filter covers 2x1, 2x2 and 1x2; every other ratio is replicated, as there.
        if (ry == 2 && rx <= 2)
        {
            // Vertical triangle filter: 3/4 of the nearer sample row plus 1/4 of the other neighbour (edges repeat).
            var near = y >> 1;
            var far = Math.Clamp((y & 1) == 0 ? near - 1 : near + 1, 0, component.Height - 1);
            var nearRow = component.Plane.AsSpan(near * component.Stride, samples);
            var farRow = component.Plane.AsSpan(far * component.Stride, samples);
            for (var i = 0; i < samples; i++)
            {
                columnSums[i] = (3 * nearRow[i]) + farRow[i];
            }

            if (rx == 2)
            {
                HorizontalTriangle(columnSums.AsSpan(0, samples), output, 8, 7, 4);
            }
            else
            {
                var bias = 1 + (y & 1);
                for (var x = 0; x < width; x++)
                {
                    output[x] = (byte)((columnSums[x / rx] + bias) >> 2);
                }
            }

            return output;
        }

        var row = component.Plane.AsSpan(y / ry * component.Stride, samples);
        if (rx == 2 && ry == 1)
        {
            for (var i = 0; i < samples; i++)
            {
                columnSums[i] = row[i];
            }

            HorizontalTriangle(columnSums.AsSpan(0, samples), output, 1, 2, 2);
        }
        else
        {
            for (var x = 0; x < width; x++)
            {
                output[x] = row[x / rx];
            }
        }

        return output;
    }

    /// <summary>
    /// Doubles a row: each output sample is 3/4 of its own input plus 1/4 of the neighbour on its side, with the
    /// alternating rounding biases libjpeg uses so errors do not drift in one direction.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void HorizontalTriangle(ReadOnlySpan<int> input, Span<byte> output, int leftBias, int rightBias, int shift)
    {
        // Edge samples repeat outwards; the output is either 2n or 2n - 1 wide for n inputs.
        var last = input.Length - 1;
        if (last == 0)
        {
            output[0] = (byte)((4 * input[0] + leftBias) >> shift);
            if (output.Length > 1)
            {
                output[1] = (byte)((4 * input[0] + rightBias) >> shift);
            }

            return;
        }

        output[0] = (byte)((4 * input[0] + leftBias) >> shift);
        output[1] = (byte)((3 * input[0] + input[1] + rightBias) >> shift);
        for (var i = 1; i < last; i++)
        {
            var center = 3 * input[i];
            output[2 * i] = (byte)((center + input[i - 1] + leftBias) >> shift);
            output[(2 * i) + 1] = (byte)((center + input[i + 1] + rightBias) >> shift);
        }

        output[2 * last] = (byte)((3 * input[last] + input[last - 1] + leftBias) >> shift);
        if (output.Length > (2 * last) + 1)
        {
            output[(2 * last) + 1] = (byte)((4 * input[last] + rightBias) >> shift);
        }
    }
}
