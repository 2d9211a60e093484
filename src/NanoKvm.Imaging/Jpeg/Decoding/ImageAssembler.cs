using System.Runtime.CompilerServices;
namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>
/// Turns decoded component planes into RGB: upsamples subsampled chroma and converts YCbCr to RGB one output row at a
/// time. Twofold upsampling uses the triangle ("fancy") filter libjpeg applies by default, so output matches
/// djpeg's closely; other integer ratios replicate samples.
/// </summary>
internal static class ImageAssembler
{
    private const int FixedShift = 16;

    // JFIF: R = Y + 1.402 Cr', G = Y - 0.344136 Cb' - 0.714136 Cr', B = Y + 1.772 Cb', with C' = C - 128.
    private static readonly int[] CrToRed = BuildTable(1.402, true);
    private static readonly int[] CbToBlue = BuildTable(1.772, true);
    private static readonly int[] CrToGreen = BuildTable(-0.714136, false);
    private static readonly int[] CbToGreen = BuildTable(-0.344136, false, 1 << (FixedShift - 1));

    private static int[] BuildTable(double factor, bool rounded, int bias = 0)
    {
        var table = new int[256];
        for (var i = 0; i < 256; i++)
        {
            table[i] = rounded
                ? (int)Math.Round(factor * (i - 128), MidpointRounding.AwayFromZero)
                : (int)Math.Round(factor * (1 << FixedShift) * (i - 128)) + bias;
        }

        return table;
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
        var limit = RangeLimit.AsSpan();
        var crToRed = CrToRed.AsSpan(0, 256);
        var cbToBlue = CbToBlue.AsSpan(0, 256);
        var cbToGreen = CbToGreen.AsSpan(0, 256);
        var crToGreen = CrToGreen.AsSpan(0, 256);
        for (var x = 0; x < width; x++)
        {
            int y = luma[x] + RangeOffset, cb = blue[x], cr = red[x];
            var p = x * 3;
            target[p] = limit[y + crToRed[cr]];
            target[p + 1] = limit[y + ((cbToGreen[cb] + crToGreen[cr]) >> FixedShift)];
            target[p + 2] = limit[y + cbToBlue[cb]];
        }
    }

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
        if (ry == 2)
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
        if (rx == 2)
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
        var last = input.Length - 1;
        var outputWidth = output.Length;
        for (var i = 0; i <= last; i++)
        {
            var center = 3 * input[i];
            var left = input[i == 0 ? 0 : i - 1];
            var right = input[i == last ? last : i + 1];
            var x = 2 * i;
            if (x < outputWidth)
            {
                output[x] = (byte)((center + left + leftBias) >> shift);
            }

            if (x + 1 < outputWidth)
            {
                output[x + 1] = (byte)((center + right + rightBias) >> shift);
            }
        }
    }
}
