namespace NanoKvm.Client.Video.Mjpeg;

/// <summary>
/// Finds where a JPEG ends when the multipart part has no Content-Length (firmware ≤2.2.x). It walks the marker
/// segments (skipping each by its length, so an embedded thumbnail's EOI is never mistaken for the end) and scans
/// entropy-coded data for the next marker with a vectorised search. It is resumable: bytes are fed as they arrive and
/// none is looked at twice.
/// </summary>
internal struct JpegEndScanner
{
    private State _state;
    private int _lengthHigh;
    private int _skip;
    private bool _inScan;

    private enum State
    {
        Soi0,
        Soi1,
        MarkerStart,
        MarkerCode,
        LengthHigh,
        LengthLow,
        Skip,
        Entropy,
        EntropyMarker,
    }

    /// <summary>Consumes bytes. Returns the count of bytes of <paramref name="data"/> up to and including EOI, or -1 when more are needed.</summary>
    /// <exception cref="FormatException">The bytes are not a JPEG.</exception>
    public int Feed(ReadOnlySpan<byte> data)
    {
        var i = 0;
        while (i < data.Length)
        {
            switch (_state)
            {
                case State.Soi0:
                    Expect(data[i++], 0xFF, "does not start with the JPEG SOI marker");
                    _state = State.Soi1;
                    break;
                case State.Soi1:
                    Expect(data[i++], 0xD8, "does not start with the JPEG SOI marker");
                    _state = State.MarkerStart;
                    break;
                case State.MarkerStart:
                    Expect(data[i++], 0xFF, "has a marker segment that does not start with 0xFF");
                    _state = State.MarkerCode;
                    break;
                case State.MarkerCode:
                case State.EntropyMarker:
                {
                    var code = data[i++];
                    if (code == 0xFF)
                    {
                        break; // fill byte; the marker code follows
                    }

                    if (_state == State.EntropyMarker && (code == 0x00 || code is >= 0xD0 and <= 0xD7))
                    {
                        _state = State.Entropy; // stuffed 0xFF or restart marker inside scan data
                        break;
                    }

                    if (code == 0xD9)
                    {
                        _state = State.Soi0;
                        _inScan = false;
                        return i;
                    }

                    if (code == 0x00 || code == 0xD8)
                    {
                        throw new FormatException($"has an invalid marker 0xFF{code:X2}");
                    }

                    _inScan = code == 0xDA;
                    _state = JpegHeader.IsStandalone(code) ? State.MarkerStart : State.LengthHigh;
                    break;
                }

                case State.LengthHigh:
                    _lengthHigh = data[i++];
                    _state = State.LengthLow;
                    break;
                case State.LengthLow:
                {
                    var length = (_lengthHigh << 8) | data[i++];
                    if (length < 2)
                    {
                        throw new FormatException("has a marker segment with an invalid length");
                    }

                    _skip = length - 2;
                    _state = _skip > 0 ? State.Skip : AfterSegment();
                    break;
                }

                case State.Skip:
                {
                    var step = Math.Min(_skip, data.Length - i);
                    i += step;
                    _skip -= step;
                    if (_skip == 0)
                    {
                        _state = AfterSegment();
                    }

                    break;
                }

                case State.Entropy:
                {
                    var next = data[i..].IndexOf((byte)0xFF);
                    if (next < 0)
                    {
                        i = data.Length;
                    }
                    else
                    {
                        i += next + 1;
                        _state = State.EntropyMarker;
                    }

                    break;
                }
            }
        }

        return -1;
    }

    private readonly State AfterSegment() => _inScan ? State.Entropy : State.MarkerStart;

    private static void Expect(byte actual, byte expected, string problem)
    {
        if (actual != expected)
        {
            throw new FormatException(problem);
        }
    }
}
