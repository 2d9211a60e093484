namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>Parses DQT and DHT segments into the decoder's table slots (0–3), validating every count and index.</summary>
internal static class TableParser
{
    /// <summary>Reads one or more quantization tables; values are kept in zig-zag order, as stored.</summary>
    public static void ReadQuantization(ReadOnlySpan<byte> payload, int offset, float[]?[] tables)
    {
        var p = 0;
        while (p < payload.Length)
        {
            var precision = payload[p] >> 4;
            var id = payload[p] & 15;
            if (precision > 1)
            {
                throw new JpegFormatException($"Quantization table precision {precision} is invalid (0 = 8-bit, 1 = 16-bit)", offset + p);
            }

            if (id > 3)
            {
                throw new JpegFormatException($"Quantization table id {id} is out of range (0-3)", offset + p);
            }

            var size = precision == 0 ? 64 : 128;
            if (p + 1 + size > payload.Length)
            {
                throw new JpegFormatException($"Quantization table {id} is cut short by its segment length", offset + p);
            }

            var table = new float[64];
            for (var k = 0; k < 64; k++)
            {
                var value = precision == 0 ? payload[p + 1 + k] : (payload[p + 1 + (2 * k)] << 8) | payload[p + 2 + (2 * k)];
                if (value == 0)
                {
                    throw new JpegFormatException($"Quantization table {id} contains a zero divisor", offset + p + 1 + k);
                }

                table[k] = value;
            }

            tables[id] = table;
            p += 1 + size;
        }
    }

    /// <summary>Reads one or more Huffman tables into the DC (class 0) or AC (class 1) slots.</summary>
    public static void ReadHuffman(ReadOnlySpan<byte> payload, int offset, HuffmanDecodingTable?[] dcTables, HuffmanDecodingTable?[] acTables)
    {
        var p = 0;
        while (p < payload.Length)
        {
            var tableClass = payload[p] >> 4;
            var id = payload[p] & 15;
            if (tableClass > 1 || id > 3)
            {
                throw new JpegFormatException($"Huffman table class {tableClass} / id {id} is out of range (class 0-1, id 0-3)", offset + p);
            }

            if (p + 17 > payload.Length)
            {
                throw new JpegFormatException("Huffman table header is cut short by its segment length", offset + p);
            }

            var counts = payload.Slice(p + 1, 16);
            var total = 0;
            foreach (var count in counts)
            {
                total += count;
            }

            if (total > 256)
            {
                throw new JpegFormatException($"Huffman table declares {total} codes; at most 256 are possible", offset + p);
            }

            if (p + 17 + total > payload.Length)
            {
                throw new JpegFormatException($"Huffman table declares {total} symbols but its segment holds fewer", offset + p);
            }

            var table = HuffmanDecodingTable.Create(counts, payload.Slice(p + 17, total), offset + p);
            (tableClass == 0 ? dcTables : acTables)[id] = table;
            p += 17 + total;
        }
    }
}
