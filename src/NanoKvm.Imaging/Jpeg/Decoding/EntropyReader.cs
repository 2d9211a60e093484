using System.Runtime.CompilerServices;

namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>
/// Reads the entropy-coded bits of a scan: removes stuffed zero bytes, stops at the first marker, and past that point
/// supplies zero bits while counting them, so running into a marker or the end of the data is detected afterwards
/// (<see cref="ThrowIfOverrun"/>) instead of branching on every bit.
/// </summary>
internal ref struct EntropyReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;
    private ulong _bits;
    private int _count;
    private int _fakeBits;
    private bool _stopped;

    public EntropyReader(ReadOnlySpan<byte> data, int position)
    {
        _data = data;
        _position = position;
    }

    /// <summary>Offset of the next byte not yet taken into the bit buffer.</summary>
    public readonly int Position => _position;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Ensure(int needed)
    {
        if (_count < needed)
        {
            Fill();
        }
    }

    /// <summary>Next <paramref name="n"/> bits (1–16) without consuming; call <see cref="Ensure"/> first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly int Peek(int n) => (int)(_bits >> (_count - n)) & ((1 << n) - 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int n) => _count -= n;

    /// <summary>Reads <paramref name="n"/> (0–16) bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int ReadBits(int n)
    {
        if (n == 0)
        {
            return 0;
        }

        Ensure(n);
        var value = Peek(n);
        _count -= n;
        return value;
    }

    /// <summary>Decodes one Huffman symbol.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Decode(HuffmanDecodingTable table)
    {
        Ensure(16);
        var entry = table.Lookup[Peek(HuffmanDecodingTable.LookupBits)];
        if (entry != 0)
        {
            _count -= entry >> 8;
            return entry & 0xFF;
        }

        var symbol = table.DecodeSlow(Peek(16), out var length);
        if (symbol < 0)
        {
            throw new JpegFormatException("Corrupt entropy-coded data: no Huffman code matches", _position);
        }

        _count -= length;
        return symbol;
    }

    /// <summary>Throws when the decoder consumed bits beyond the scan data (truncated or corrupt scan).</summary>
    public readonly void ThrowIfOverrun()
    {
        if (_count < _fakeBits)
        {
            var what = _position >= _data.Length ? "the data ends" : "a marker interrupts it";
            throw new JpegFormatException($"Truncated or corrupt scan: {what} before all blocks are decoded", _position);
        }
    }

    /// <summary>
    /// Drops the rest of the current byte and moves to the next marker, skipping any stray bytes before it (as
    /// libjpeg does). Returns the marker's offset or -1 when the data ends first.
    /// </summary>
    public int SeekMarker()
    {
        _bits = 0;
        _count = 0;
        _fakeBits = 0;
        _stopped = false;
        var p = _position;
        while (p + 1 < _data.Length)
        {
            if (_data[p] == 0xFF && _data[p + 1] != 0x00 && _data[p + 1] != 0xFF)
            {
                _position = p;
                return p;
            }

            p++;
        }

        _position = _data.Length;
        return -1;
    }

    /// <summary>Continues after a restart marker at the current position.</summary>
    public void SkipMarker() => _position += 2;

    private void Fill()
    {
        while (_count <= 56)
        {
            uint next;
            if (_stopped)
            {
                next = 0;
                _fakeBits += 8;
            }
            else if (_position >= _data.Length)
            {
                _stopped = true;
                continue;
            }
            else
            {
                next = _data[_position];
                if (next == 0xFF)
                {
                    if (_position + 1 < _data.Length && _data[_position + 1] == 0x00)
                    {
                        _position += 2;
                    }
                    else
                    {
                        // A marker (or fill bytes before one): the scan's data ends here.
                        _stopped = true;
                        continue;
                    }
                }
                else
                {
                    _position++;
                }
            }

            _bits = (_bits << 8) | next;
            _count += 8;
        }
    }
}
