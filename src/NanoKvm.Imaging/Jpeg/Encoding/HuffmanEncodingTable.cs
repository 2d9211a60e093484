namespace NanoKvm.Imaging.Jpeg.Encoding;

/// <summary>Code word and length per symbol, derived from the (counts, symbols) form stored in a DHT segment.</summary>
internal sealed class HuffmanEncodingTable
{
    public HuffmanEncodingTable(ReadOnlySpan<byte> counts, ReadOnlySpan<byte> symbols)
    {
        Counts = counts.ToArray();
        Symbols = symbols.ToArray();
        var code = 0;
        var k = 0;
        for (var length = 1; length <= 16; length++)
        {
            for (var i = 0; i < counts[length - 1]; i++)
            {
                Codes[symbols[k]] = (ushort)code;
                Lengths[symbols[k]] = (byte)length;
                code++;
                k++;
            }

            code <<= 1;
        }
    }

    public byte[] Counts { get; }

    public byte[] Symbols { get; }

    public ushort[] Codes { get; } = new ushort[256];

    public byte[] Lengths { get; } = new byte[256];
}
