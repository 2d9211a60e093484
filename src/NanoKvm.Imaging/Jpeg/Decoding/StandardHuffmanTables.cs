namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>The Annex K Huffman tables in decoding form, for files (typically Motion-JPEG frames) that omit DHT.</summary>
internal static class StandardHuffmanTables
{
    private static readonly HuffmanDecodingTable LuminanceDc = HuffmanDecodingTable.Create(StandardTables.LuminanceDcCounts, StandardTables.LuminanceDcSymbols, 0);
    private static readonly HuffmanDecodingTable LuminanceAc = HuffmanDecodingTable.Create(StandardTables.LuminanceAcCounts, StandardTables.LuminanceAcSymbols, 0);
    private static readonly HuffmanDecodingTable ChrominanceDc = HuffmanDecodingTable.Create(StandardTables.ChrominanceDcCounts, StandardTables.ChrominanceDcSymbols, 0);
    private static readonly HuffmanDecodingTable ChrominanceAc = HuffmanDecodingTable.Create(StandardTables.ChrominanceAcCounts, StandardTables.ChrominanceAcSymbols, 0);

    /// <summary>Puts the standard tables into slots 0 (luminance) and 1 (chrominance) where nothing was defined.</summary>
    public static void FillMissing(HuffmanDecodingTable?[] dcTables, HuffmanDecodingTable?[] acTables)
    {
        dcTables[0] ??= LuminanceDc;
        acTables[0] ??= LuminanceAc;
        dcTables[1] ??= ChrominanceDc;
        acTables[1] ??= ChrominanceAc;
    }
}
