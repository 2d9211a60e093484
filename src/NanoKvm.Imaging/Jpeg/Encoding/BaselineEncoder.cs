using System.Numerics;
using System.Runtime.CompilerServices;

namespace NanoKvm.Imaging.Jpeg.Encoding;

/// <summary>
/// One encoding run: converts the image to YCbCr one MCU row (strip) at a time, so memory stays proportional to the
/// width, not the area, and writes a three-component baseline scan with the standard Huffman tables.
/// </summary>
internal sealed class BaselineEncoder
{
    private static readonly HuffmanEncodingTable LuminanceDc = new(StandardTables.LuminanceDcCounts, StandardTables.LuminanceDcSymbols);
    private static readonly HuffmanEncodingTable LuminanceAc = new(StandardTables.LuminanceAcCounts, StandardTables.LuminanceAcSymbols);
    private static readonly HuffmanEncodingTable ChrominanceDc = new(StandardTables.ChrominanceDcCounts, StandardTables.ChrominanceDcSymbols);
    private static readonly HuffmanEncodingTable ChrominanceAc = new(StandardTables.ChrominanceAcCounts, StandardTables.ChrominanceAcSymbols);

    private readonly RgbImage _image;
    private readonly int _factor;
    private readonly byte[] _luminanceTable;
    private readonly byte[] _chrominanceTable;
    private readonly float[] _luminanceScale = new float[64];
    private readonly float[] _chrominanceScale = new float[64];
    private readonly ByteSink _sink;
    private readonly EntropyWriter _writer;
    private readonly int[] _coefficients = new int[64];
    private readonly float[] _block = new float[64];
    private readonly float[] _transformed = new float[64];
    private int _predictorY;
    private int _predictorCb;
    private int _predictorCr;

    public BaselineEncoder(RgbImage image, int quality, ChromaSubsampling subsampling)
    {
        _image = image;
        _factor = subsampling == ChromaSubsampling.Yuv420 ? 2 : 1;
        _luminanceTable = StandardTables.ScaleQuantization(StandardTables.LuminanceQuantization, quality);
        _chrominanceTable = StandardTables.ScaleQuantization(StandardTables.ChrominanceQuantization, quality);
        // Reciprocals laid out like the transposed DCT output (horizontal frequency major).
        for (var i = 0; i < 64; i++)
        {
            var natural = ((i % 8) * 8) + (i / 8);
            _luminanceScale[i] = 1f / _luminanceTable[natural];
            _chrominanceScale[i] = 1f / _chrominanceTable[natural];
        }

        // A typical desktop frame compresses to well under a byte per pixel; the sink grows if not. Capped so a huge
        // image doesn't reserve tens of megabytes up front.
        _sink = new ByteSink(Math.Min(image.Width * image.Height / 4, 4 << 20) + 1024);
        _writer = new EntropyWriter(_sink);
    }

    public byte[] Run()
    {
        WriteHeaders();
        WriteScan();
        _writer.Flush();
        _sink.WriteMarker(JpegMarker.Eoi);
        return _sink.ToArray();
    }

    private void WriteHeaders()
    {
        _sink.WriteMarker(JpegMarker.Soi);

        // JFIF APP0: version 1.01, no density unit, 1:1 aspect, no thumbnail.
        _sink.WriteMarker(JpegMarker.App0);
        _sink.WriteUInt16(16);
        _sink.Write("JFIF\0"u8);
        _sink.Write([1, 1, 0, 0, 1, 0, 1, 0, 0]);

        _sink.WriteMarker(JpegMarker.Dqt);
        _sink.WriteUInt16(2 + (2 * 65));
        WriteQuantizationTable(0, _luminanceTable);
        WriteQuantizationTable(1, _chrominanceTable);

        _sink.WriteMarker(JpegMarker.Sof0);
        _sink.WriteUInt16(8 + (3 * 3));
        _sink.WriteByte(8);
        _sink.WriteUInt16(_image.Height);
        _sink.WriteUInt16(_image.Width);
        _sink.WriteByte(3);
        _sink.Write([1, (byte)((_factor << 4) | _factor), 0]);
        _sink.Write([2, 0x11, 1]);
        _sink.Write([3, 0x11, 1]);

        var tables = new[] { (0x00, LuminanceDc), (0x10, LuminanceAc), (0x01, ChrominanceDc), (0x11, ChrominanceAc) };
        var length = 2;
        foreach (var (_, table) in tables)
        {
            length += 17 + table.Symbols.Length;
        }

        _sink.WriteMarker(JpegMarker.Dht);
        _sink.WriteUInt16(length);
        foreach (var (classAndId, table) in tables)
        {
            _sink.WriteByte((byte)classAndId);
            _sink.Write(table.Counts);
            _sink.Write(table.Symbols);
        }

        _sink.WriteMarker(JpegMarker.Sos);
        _sink.WriteUInt16(6 + (2 * 3));
        _sink.WriteByte(3);
        _sink.Write([1, 0x00, 2, 0x11, 3, 0x11]);
        _sink.Write([0, 63, 0]);
    }

    private void WriteQuantizationTable(int id, byte[] naturalOrder)
    {
        _sink.WriteByte((byte)id);
        for (var k = 0; k < 64; k++)
        {
            _sink.WriteByte(naturalOrder[ZigZag.ToNatural[k]]);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void WriteScan()
    {
        var width = _image.Width;
        var height = _image.Height;
        var mcuSize = 8 * _factor;
        var paddedWidth = (width + mcuSize - 1) / mcuSize * mcuSize;
        var mcuColumns = paddedWidth / mcuSize;
        var mcuRows = (height + mcuSize - 1) / mcuSize;

        var lumaStrip = new float[paddedWidth * mcuSize];
        var cbStrip = new float[paddedWidth * mcuSize];
        var crStrip = new float[paddedWidth * mcuSize];
        var chromaWidth = paddedWidth / _factor;
        var cbPlane = _factor == 1 ? cbStrip : new float[chromaWidth * 8];
        var crPlane = _factor == 1 ? crStrip : new float[chromaWidth * 8];

        for (var row = 0; row < mcuRows; row++)
        {
            ConvertStrip(row * mcuSize, mcuSize, paddedWidth, lumaStrip, cbStrip, crStrip);
            if (_factor == 2)
            {
                Subsample(cbStrip, cbPlane, paddedWidth);
                Subsample(crStrip, crPlane, paddedWidth);
            }

            for (var column = 0; column < mcuColumns; column++)
            {
                for (var by = 0; by < _factor; by++)
                {
                    for (var bx = 0; bx < _factor; bx++)
                    {
                        LoadBlock(lumaStrip, paddedWidth, (column * mcuSize) + (bx * 8), by * 8);
                        EncodeBlock(_luminanceScale, ref _predictorY, LuminanceDc, LuminanceAc);
                    }
                }

                LoadBlock(cbPlane, chromaWidth, column * 8, 0);
                EncodeBlock(_chrominanceScale, ref _predictorCb, ChrominanceDc, ChrominanceAc);
                LoadBlock(crPlane, chromaWidth, column * 8, 0);
                EncodeBlock(_chrominanceScale, ref _predictorCr, ChrominanceDc, ChrominanceAc);
            }
        }
    }

    /// <summary>
    /// Converts <paramref name="rows"/> image rows from <paramref name="top"/> to level-shifted YCbCr (JFIF / BT.601
    /// full range), replicating the last column and row into the padding so edge blocks don't ring.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining | MethodImplOptions.AggressiveOptimization)]
    private void ConvertStrip(int top, int rows, int paddedWidth, float[] luma, float[] cb, float[] cr)
    {
        var width = _image.Width;
        var pixels = _image.Pixels;
        for (var r = 0; r < rows; r++)
        {
            var sourceRow = Math.Min(top + r, _image.Height - 1) * _image.Stride;
            var target = r * paddedWidth;
            for (var x = 0; x < width; x++)
            {
                var p = sourceRow + (x * 3);
                float red = pixels[p], green = pixels[p + 1], blue = pixels[p + 2];
                luma[target + x] = (0.299f * red) + (0.587f * green) + (0.114f * blue) - 128f;
                cb[target + x] = (-0.168736f * red) - (0.331264f * green) + (0.5f * blue);
                cr[target + x] = (0.5f * red) - (0.418688f * green) - (0.081312f * blue);
            }

            for (var x = width; x < paddedWidth; x++)
            {
                luma[target + x] = luma[target + width - 1];
                cb[target + x] = cb[target + width - 1];
                cr[target + x] = cr[target + width - 1];
            }
        }
    }

    /// <summary>Averages each 2×2 square of a 16-row strip into an 8-row half-width plane (centred siting, as libjpeg).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Subsample(float[] full, float[] half, int paddedWidth)
    {
        var halfWidth = paddedWidth / 2;
        for (var y = 0; y < 8; y++)
        {
            var top = 2 * y * paddedWidth;
            var bottom = top + paddedWidth;
            var target = y * halfWidth;
            for (var x = 0; x < halfWidth; x++)
            {
                var sx = 2 * x;
                half[target + x] = (full[top + sx] + full[top + sx + 1] + full[bottom + sx] + full[bottom + sx + 1]) * 0.25f;
            }
        }
    }

    private void LoadBlock(float[] plane, int planeWidth, int left, int top)
    {
        for (var y = 0; y < 8; y++)
        {
            plane.AsSpan(((top + y) * planeWidth) + left, 8).CopyTo(_block.AsSpan(y * 8, 8));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void EncodeBlock(float[] scale, ref int predictor, HuffmanEncodingTable dc, HuffmanEncodingTable ac)
    {
        ForwardDct.Transform(_block, _transformed);
        var order = ForwardDct.ZigZagToTransposed;
        for (var k = 0; k < 64; k++)
        {
            var t = order[k];
            _coefficients[k] = (int)MathF.Round(_transformed[t] * scale[t]);
        }

        var difference = _coefficients[0] - predictor;
        predictor = _coefficients[0];
        var category = Magnitude(difference);
        _writer.Write(dc.Codes[category], dc.Lengths[category]);
        WriteValueBits(difference, category);

        var run = 0;
        for (var k = 1; k < 64; k++)
        {
            var value = _coefficients[k];
            if (value == 0)
            {
                run++;
                continue;
            }

            while (run > 15)
            {
                // ZRL: sixteen zeros.
                _writer.Write(ac.Codes[0xF0], ac.Lengths[0xF0]);
                run -= 16;
            }

            category = Magnitude(value);
            var symbol = (run << 4) | category;
            _writer.Write(ac.Codes[symbol], ac.Lengths[symbol]);
            WriteValueBits(value, category);
            run = 0;
        }

        if (run > 0)
        {
            // EOB.
            _writer.Write(ac.Codes[0x00], ac.Lengths[0x00]);
        }
    }

    private static int Magnitude(int value) => value == 0 ? 0 : 32 - BitOperations.LeadingZeroCount((uint)Math.Abs(value));

    /// <summary>Negative values are sent as the one's complement of their magnitude (T.81 F.1.2.1).</summary>
    private void WriteValueBits(int value, int category)
    {
        if (category > 0)
        {
            _writer.Write(value < 0 ? value - 1 : value, category);
        }
    }
}
