using System.Runtime.CompilerServices;
namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>
/// Decodes the entropy-coded segment of one sequential Huffman scan (T.81 F.2) and writes each block, inverse
/// transformed, straight into its component's plane.
/// </summary>
/// <remarks>
/// Hot loops in this library are marked AggressiveOptimization: a process that decodes one screenshot should not
/// spend it in unoptimised tier-0 code (first 1080p decode in a fresh process: ~420 ms without, ~220 ms with).
/// </remarks>
internal static class ScanDecoder
{
    /// <summary>Decodes all MCUs of a scan; the reader is left after the scan's last byte of entropy data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(ref EntropyReader reader, ReadOnlySpan<byte> data, FrameComponent[] components, FrameGeometry frame, int restartInterval)
    {
        int mcusX, mcusY;
        if (components.Length == 1)
        {
            // A single-component scan is never interleaved: its MCU is one block, and it covers only the blocks
            // holding that component's samples.
            mcusX = components[0].BlocksPerLine;
            mcusY = components[0].BlocksPerColumn;
        }
        else
        {
            mcusX = frame.McusX;
            mcusY = frame.McusY;
        }

        foreach (var component in components)
        {
            component.Predictor = 0;
        }

        Span<float> block = stackalloc float[64];
        var total = (long)mcusX * mcusY;
        var expectedRestart = 0;
        for (long mcu = 0; mcu < total; mcu++)
        {
            if (restartInterval > 0 && mcu > 0 && mcu % restartInterval == 0)
            {
                ReadRestart(ref reader, data, expectedRestart, components);
                expectedRestart = (expectedRestart + 1) & 7;
            }

            var mx = (int)(mcu % mcusX);
            var my = (int)(mcu / mcusX);
            if (components.Length == 1)
            {
                DecodeBlock(ref reader, components[0], block, mx, my);
            }
            else
            {
                foreach (var component in components)
                {
                    var h = component.Info.HorizontalSampling;
                    var v = component.Info.VerticalSampling;
                    for (var by = 0; by < v; by++)
                    {
                        for (var bx = 0; bx < h; bx++)
                        {
                            DecodeBlock(ref reader, component, block, (mx * h) + bx, (my * v) + by);
                        }
                    }
                }
            }

            reader.ThrowIfOverrun();
        }

        foreach (var component in components)
        {
            component.Decoded = true;
        }
    }

    private static void ReadRestart(ref EntropyReader reader, ReadOnlySpan<byte> data, int expected, FrameComponent[] components)
    {
        var at = reader.SeekMarker();
        if (at < 0)
        {
            throw new JpegFormatException($"Truncated scan: data ends where restart marker RST{expected} was expected", data.Length);
        }

        var marker = data[at + 1];
        if (marker != JpegMarker.Rst0 + expected)
        {
            throw new JpegFormatException($"Expected restart marker RST{expected}, found FF {marker:X2}", at);
        }

        reader.SkipMarker();
        foreach (var component in components)
        {
            component.Predictor = 0;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DecodeBlock(ref EntropyReader reader, FrameComponent component, scoped Span<float> block, int blockX, int blockY)
    {
        block.Clear();
        var quantization = component.Quantization!;
        var dc = component.DcTable!;
        var ac = component.AcTable!;

        var size = reader.Decode(dc);
        if (size > 11)
        {
            throw new JpegFormatException($"Corrupt scan: DC difference category {size} exceeds 11", reader.Position);
        }

        // Unchecked arithmetic: a hostile stream may push the predictor anywhere, which only yields garbage pixels.
        component.Predictor += Extend(reader.ReadBits(size), size);
        block[0] = component.Predictor * quantization[0];

        var nonZeroRows = 1;
        var zigzag = ZigZag.ToNatural;
        for (var k = 1; k < 64; k++)
        {
            var symbol = reader.Decode(ac);
            var run = symbol >> 4;
            size = symbol & 15;
            if (size == 0)
            {
                if (run != 15)
                {
                    break; // end of block
                }

                k += 15; // sixteen zeros
                continue;
            }

            k += run;
            if (k > 63)
            {
                throw new JpegFormatException("Corrupt scan: AC run extends past the end of a block", reader.Position);
            }

            var natural = zigzag[k];
            block[natural] = Extend(reader.ReadBits(size), size) * quantization[k];
            nonZeroRows |= 1 << (natural >> 3);
        }

        var blockSize = component.BlockSize;
        var output = component.Plane.AsSpan((blockY * blockSize * component.Stride) + (blockX * blockSize));
        if (blockSize == 8)
        {
            InverseDct.Transform8(block, nonZeroRows, output, component.Stride);
        }
        else
        {
            InverseDct.TransformReduced(block, blockSize, output, component.Stride);
        }
    }

    /// <summary>Turns the magnitude bits into a signed value (T.81 F.2.2.1, EXTEND).</summary>
    private static int Extend(int bits, int size) => size == 0 ? 0 : bits < (1 << (size - 1)) ? bits - (1 << size) + 1 : bits;
}
