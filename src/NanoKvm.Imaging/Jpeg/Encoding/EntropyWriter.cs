namespace NanoKvm.Imaging.Jpeg.Encoding;

/// <summary>Packs Huffman codes and magnitude bits MSB-first, stuffing a zero byte after every 0xFF (T.81 F.1.2.3).</summary>
internal sealed class EntropyWriter(ByteSink sink)
{
    private uint _accumulator;
    private int _bitCount;

    /// <summary>Appends the low <paramref name="length"/> bits (0–16) of <paramref name="bits"/>.</summary>
    public void Write(int bits, int length)
    {
        _accumulator = (_accumulator << length) | ((uint)bits & ((1u << length) - 1));
        _bitCount += length;
        while (_bitCount >= 8)
        {
            _bitCount -= 8;
            var b = (byte)(_accumulator >> _bitCount);
            sink.WriteByte(b);
            if (b == 0xFF)
            {
                sink.WriteByte(0);
            }
        }
    }

    /// <summary>Pads the last byte with 1-bits, as the standard asks, so a decoder never mistakes padding for a code.</summary>
    public void Flush()
    {
        if (_bitCount > 0)
        {
            Write(0x7F, 8 - _bitCount);
        }

        _accumulator = 0;
        _bitCount = 0;
    }
}
