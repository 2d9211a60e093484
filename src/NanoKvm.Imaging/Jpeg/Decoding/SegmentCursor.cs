namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>Walks the marker segments of a JPEG, validating every length against the data actually present.</summary>
internal ref struct SegmentCursor
{
    private readonly ReadOnlySpan<byte> _data;

    public SegmentCursor(ReadOnlySpan<byte> data)
    {
        _data = data;
        if (data.Length < 2 || data[0] != 0xFF || data[1] != JpegMarker.Soi)
        {
            throw new JpegFormatException("Not a JPEG file: it does not start with the SOI marker FF D8", 0);
        }

        Position = 2;
    }

    /// <summary>Offset of the next unread byte.</summary>
    public int Position { get; set; }

    public readonly ReadOnlySpan<byte> Data => _data;

    /// <summary>Reads a marker, skipping the 0xFF fill bytes the standard allows before it.</summary>
    /// <param name="markerOffset">Offset of the marker's first byte.</param>
    /// <returns>The marker code (second byte).</returns>
    public byte ReadMarker(out int markerOffset)
    {
        markerOffset = Position;
        if (Position >= _data.Length)
        {
            throw new JpegFormatException("Unexpected end of data: expected a marker (is the EOI marker missing?)", Position);
        }

        if (_data[Position] != 0xFF)
        {
            throw new JpegFormatException($"Expected a marker (FF xx), found byte 0x{_data[Position]:X2}", Position);
        }

        while (Position < _data.Length && _data[Position] == 0xFF)
        {
            Position++;
        }

        if (Position >= _data.Length)
        {
            throw new JpegFormatException("Unexpected end of data inside a marker", markerOffset);
        }

        var marker = _data[Position];
        if (marker == 0x00)
        {
            throw new JpegFormatException("Invalid marker FF 00 outside entropy-coded data", markerOffset);
        }

        Position++;
        return marker;
    }

    /// <summary>Reads the length-prefixed payload of the segment whose marker was just read.</summary>
    /// <param name="payloadOffset">Offset of the payload (after the two length bytes).</param>
    /// <returns>The payload.</returns>
    public ReadOnlySpan<byte> ReadSegment(out int payloadOffset)
    {
        if (Position + 2 > _data.Length)
        {
            throw new JpegFormatException("Unexpected end of data: segment length missing", Position);
        }

        var length = (_data[Position] << 8) | _data[Position + 1];
        if (length < 2)
        {
            throw new JpegFormatException($"Invalid segment length {length}", Position);
        }

        if (Position + length > _data.Length)
        {
            throw new JpegFormatException($"Segment length {length} runs past the end of the data ({_data.Length - Position} bytes left)", Position);
        }

        payloadOffset = Position + 2;
        Position += length;
        return _data.Slice(payloadOffset, length - 2);
    }
}
