namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>
/// A Huffman table from a DHT segment, validated and prepared for decoding: codes up to <see cref="LookupBits"/> long
/// resolve with one table look-up, longer ones through the canonical max-code comparison of T.81 F.2.2.3.
/// </summary>
internal sealed class HuffmanDecodingTable
{
    public const int LookupBits = 9;

    // Per code length 1–16: the largest code of that length (-1 when none) and the index of its first symbol minus
    // its first code, so symbol = Symbols[code + Offset[length]].
    private readonly int[] _maxCode = new int[18];
    private readonly int[] _offset = new int[17];

    private HuffmanDecodingTable(byte[] symbols)
    {
        Symbols = symbols;
    }

    /// <summary>Entry per <see cref="LookupBits"/>-bit prefix: (length &lt;&lt; 8) | symbol, or 0 for longer codes.</summary>
    public ushort[] Lookup { get; } = new ushort[1 << LookupBits];

    public byte[] Symbols { get; }

    /// <summary>Builds a table, rejecting counts that are over 256 in total or over-subscribe a code length.</summary>
    /// <param name="counts">Number of codes of each length 1–16.</param>
    /// <param name="symbols">The symbols, in code order.</param>
    /// <param name="offset">Byte offset of the table in the file, for error messages.</param>
    public static HuffmanDecodingTable Create(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols, int offset)
    {
        var table = new HuffmanDecodingTable(symbols.ToArray());
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            var count = counts[length - 1];
            table._offset[length] = k - code;
            if (count > 0)
            {
                // Canonical codes of one length are consecutive; running past 2^length means the counts describe
                // more codes than fit (an "over-subscribed" table), which would make decoding ambiguous.
                if (code + count > (1 << length))
                {
                    throw new JpegFormatException($"Invalid Huffman table: more codes of length {length} than fit", offset);
                }

                if (length <= LookupBits)
                {
                    for (var i = 0; i < count; i++)
                    {
                        var prefix = (code + i) << (LookupBits - length);
                        var entry = (ushort)((length << 8) | symbols[k + i]);
                        table.Lookup.AsSpan(prefix, 1 << (LookupBits - length)).Fill(entry);
                    }
                }

                code += count;
                k += count;
                table._maxCode[length] = code - 1;
            }
            else
            {
                table._maxCode[length] = -1;
            }

            code <<= 1;
        }

        table._maxCode[17] = int.MaxValue;
        return table;
    }

    /// <summary>Resolves a code longer than <see cref="LookupBits"/>.</summary>
    /// <param name="bits16">The next 16 bits of the stream, MSB first.</param>
    /// <param name="length">The code length found.</param>
    /// <returns>The symbol, or -1 when no code matches (corrupt data).</returns>
    public int DecodeSlow(int bits16, out int length)
    {
        for (length = LookupBits + 1; length <= 16; length++)
        {
            var code = bits16 >> (16 - length);
            if (code <= _maxCode[length])
            {
                var index = code + _offset[length];
                return (uint)index < (uint)Symbols.Length ? Symbols[index] : -1;
            }
        }

        return -1;
    }
}
