using System.Buffers;
using System.Buffers.Text;
using System.IO.Pipelines;
using System.Net;
using System.Text;

namespace NanoKvm.Client.Video.Mjpeg;

/// <summary>
/// Cuts a <c>multipart/x-mixed-replace</c> MJPEG stream into <see cref="VideoFrame"/>s. A part with a
/// <c>Content-Length</c> header (firmware ≥2.3.0) is sliced: its payload is copied once into a pooled buffer as it
/// arrives, then walked once to check that the JPEG ends exactly where the header said (a length that lies would
/// otherwise yield a cut-off frame, or one with the next part's header glued on). A part without one (≤2.2.x) is
/// delimited by walking the JPEG to its EOI marker, then copied once. Chunk boundaries may fall anywhere. Anything
/// that is not a well-formed part fails the stream with a <see cref="NanoKvmException"/> instead of yielding a
/// corrupt frame. Device text quoted in those errors goes through <see cref="DeviceText"/>.
/// </summary>
/// <remarks>Not thread-safe: one reader loop calls <see cref="ReadFrameAsync"/>.</remarks>
internal sealed class MjpegParser
{
    private const int MaxHeaderBytes = 4096;
    private static readonly byte[] HeaderEnd = "\r\n\r\n"u8.ToArray();

    private readonly PipeReader _reader;
    private readonly byte[] _delimiter;
    private readonly int _maxFrameBytes;
    private readonly TimeProvider _time;
    private readonly string _endpoint;

    private readonly FrameBufferPool _pool = new();

    private Stage _stage = Stage.Delimiter;
    private FrameBuffer? _body;
    private int _bodyLength;
    private int _bodyFilled;
    private JpegEndScanner _scanner;
    private long _scanned;
    private long _sequence;
    private long _streamOffset;
    private long _lastActivity;

    public MjpegParser(PipeReader reader, string boundary, int maxFrameBytes, TimeProvider time, string endpoint)
    {
        _reader = reader;
        _delimiter = Encoding.ASCII.GetBytes("--" + boundary);
        _maxFrameBytes = maxFrameBytes;
        _time = time;
        _endpoint = endpoint;
        _lastActivity = time.GetTimestamp();
    }

    private enum Stage
    {
        Delimiter,
        Headers,
        SizedBody,
        ScannedBody,
        Closed,
    }

    /// <summary>Frames received so far.</summary>
    public long FrameCount => _sequence;

    /// <summary>
    /// The <see cref="TimeProvider.GetTimestamp"/> when bytes last arrived (or the parser was created); read from
    /// other threads by the stall watchdog.
    /// </summary>
    public long LastActivity => Volatile.Read(ref _lastActivity);

    /// <summary>Reads the next frame; null when the stream ended cleanly between parts.</summary>
    /// <exception cref="NanoKvmException">The stream is malformed, a part is too large, or it ended inside a part.</exception>
    public async ValueTask<VideoFrame?> ReadFrameAsync(CancellationToken cancellationToken) =>
        await ReadPartAsync(cancellationToken).ConfigureAwait(false) is { } part ? part.ToFrame() : null;

    /// <summary>
    /// Reads the next frame as a part whose buffer the caller owns (one reference; release it when done), without
    /// the <see cref="VideoFrame"/> handle. Null when the stream ended cleanly between parts.
    /// </summary>
    /// <exception cref="NanoKvmException">The stream is malformed, a part is too large, or it ended inside a part.</exception>
    public async ValueTask<MjpegPart?> ReadPartAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                Volatile.Write(ref _lastActivity, _time.GetTimestamp());
                var buffer = result.Buffer;
                var frame = Process(buffer, out var consumed, out var examined);
                _streamOffset += buffer.Slice(0, consumed).Length;
                _reader.AdvanceTo(consumed, examined);
                if (frame is not null)
                {
                    return frame;
                }

                if (_stage == Stage.Closed)
                {
                    return null;
                }

                if (result.IsCompleted)
                {
                    if (_stage == Stage.Delimiter && OnlyLineBreaks(buffer.Slice(consumed)))
                    {
                        return null;
                    }

                    throw Malformed(_stage is Stage.SizedBody or Stage.ScannedBody
                        ? "the stream ended in the middle of a frame"
                        : "the stream ended in the middle of a part header");
                }

                if (result.IsCanceled)
                {
                    throw new OperationCanceledException(cancellationToken);
                }
            }
        }
        catch
        {
            ReleaseBody();
            throw;
        }
    }

    private MjpegPart? Process(ReadOnlySequence<byte> buffer, out SequencePosition consumed, out SequencePosition examined)
    {
        var reader = new SequenceReader<byte>(buffer);
        consumed = buffer.Start;
        examined = buffer.Start;
        while (true)
        {
            switch (_stage)
            {
                case Stage.Delimiter:
                    reader.AdvancePastAny((byte)'\r', (byte)'\n');
                    consumed = reader.Position;
                    if (reader.Remaining < _delimiter.Length)
                    {
                        CheckPrefix(reader.UnreadSequence);
                        examined = buffer.End;
                        return null;
                    }

                    if (!reader.IsNext(_delimiter, advancePast: true))
                    {
                        throw Malformed($"expected the boundary '{Encoding.ASCII.GetString(_delimiter)}' but found {Describe(reader.UnreadSequence)}");
                    }

                    consumed = reader.Position;
                    _stage = Stage.Headers;
                    break;

                case Stage.Headers:
                    if (reader.Remaining >= 2 && reader.IsNext("--"u8))
                    {
                        _stage = Stage.Closed; // closing delimiter: the device never sends one, but it is legal
                        consumed = buffer.End;
                        examined = buffer.End;
                        return null;
                    }

                    if (!reader.TryReadTo(out ReadOnlySequence<byte> headers, HeaderEnd, advancePastDelimiter: true))
                    {
                        if (reader.Remaining > MaxHeaderBytes)
                        {
                            throw Malformed($"a part header is longer than {MaxHeaderBytes} bytes");
                        }

                        examined = buffer.End;
                        return null;
                    }

                    if (headers.Length > MaxHeaderBytes)
                    {
                        throw Malformed($"a part header is longer than {MaxHeaderBytes} bytes");
                    }

                    StartBody(headers);
                    consumed = reader.Position;
                    break;

                case Stage.SizedBody:
                {
                    var target = _body!.Array.AsSpan(_bodyFilled, _bodyLength - _bodyFilled);
                    var available = (int)Math.Min(reader.Remaining, target.Length);
                    reader.UnreadSequence.Slice(0, available).CopyTo(target);
                    reader.Advance(available);
                    _bodyFilled += available;
                    consumed = reader.Position;
                    if (_bodyFilled < _bodyLength)
                    {
                        examined = buffer.End;
                        return null;
                    }

                    _stage = Stage.Delimiter;
                    examined = consumed;
                    CheckSizedEnd();
                    return CompleteFrame();
                }

                case Stage.ScannedBody:
                {
                    var part = reader.UnreadSequence;
                    var end = Scan(part.Slice(_scanned));
                    if (end < 0)
                    {
                        _scanned = part.Length;
                        if (_scanned > _maxFrameBytes)
                        {
                            throw TooLarge($"more than {_maxFrameBytes}");
                        }

                        examined = buffer.End;
                        return null;
                    }

                    var length = _scanned + end;
                    if (length > _maxFrameBytes)
                    {
                        throw TooLarge(length.ToString(System.Globalization.CultureInfo.InvariantCulture));
                    }

                    _body = _pool.Rent((int)length);
                    _bodyLength = (int)length;
                    part.Slice(0, length).CopyTo(_body.Array);
                    reader.Advance(length);
                    consumed = reader.Position;
                    examined = consumed;
                    _stage = Stage.Delimiter;
                    return CompleteFrame();
                }

                default:
                    consumed = buffer.End;
                    examined = buffer.End;
                    return null;
            }
        }
    }

    private void StartBody(ReadOnlySequence<byte> headerBlock)
    {
        Span<byte> block = headerBlock.Length <= 512 ? stackalloc byte[(int)headerBlock.Length] : new byte[headerBlock.Length];
        headerBlock.CopyTo(block);
        long? contentLength = null;
        ReadOnlySpan<byte> rest = block;
        var first = true;
        while (true)
        {
            var end = rest.IndexOf("\r\n"u8);
            var line = end < 0 ? rest : rest[..end];
            rest = end < 0 ? default : rest[(end + 2)..];
            if (first)
            {
                // The rest of the boundary line: only transport padding is allowed there.
                first = false;
                if (line.Trim(" \t"u8).Length != 0)
                {
                    throw Malformed($"unexpected text after the boundary: {Describe(line)}");
                }
            }
            else if (line.Length > 0)
            {
                var colon = line.IndexOf((byte)':');
                if (colon <= 0)
                {
                    throw Malformed($"a part header line is not 'Name: value': {Describe(line)}");
                }

                var name = line[..colon].Trim(" \t"u8);
                var value = line[(colon + 1)..].Trim(" \t"u8);
                if (Ascii.EqualsIgnoreCase(name, "Content-Length"u8))
                {
                    if (!Utf8Parser.TryParse(value, out long parsed, out var used) || used != value.Length || parsed <= 0)
                    {
                        throw Malformed($"invalid Content-Length '{DeviceText.Clean(value)}'");
                    }

                    contentLength = parsed;
                }
                else if (Ascii.EqualsIgnoreCase(name, "Content-Type"u8) && !value.StartsWith("image/"u8))
                {
                    throw Malformed($"a part has Content-Type '{DeviceText.Clean(value)}', not a JPEG image");
                }
            }

            if (end < 0)
            {
                break;
            }
        }

        if (contentLength is { } length)
        {
            if (length > _maxFrameBytes)
            {
                throw TooLarge(length.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            _body = _pool.Rent((int)length);
            _bodyLength = (int)length;
            _bodyFilled = 0;
            _stage = Stage.SizedBody;
        }
        else
        {
            _scanner = default;
            _scanned = 0;
            _stage = Stage.ScannedBody;
        }
    }

    private int ScanSegment(ReadOnlySpan<byte> span)
    {
        try
        {
            return _scanner.Feed(span);
        }
        catch (FormatException ex)
        {
            throw Malformed($"a part without Content-Length is not a JPEG: it {ex.Message}");
        }
    }

    /// <summary>Feeds unscanned bytes to the JPEG walker; returns how many of them end the image, or -1.</summary>
    private long Scan(ReadOnlySequence<byte> unscanned)
    {
        long offset = 0;
        foreach (var segment in unscanned)
        {
            var end = ScanSegment(segment.Span);
            if (end >= 0)
            {
                return offset + end;
            }

            offset += segment.Length;
            if (_scanned + offset > _maxFrameBytes)
            {
                throw TooLarge($"more than {_maxFrameBytes}");
            }
        }

        return -1;
    }

    /// <summary>
    /// Fails the stream unless the sliced payload is one JPEG that ends at its Content-Length (fill bytes after EOI are
    /// trimmed). The firmware sets Content-Length to the encoder's output length (server/service/stream/mjpeg/streamer.go
    /// writeFrame), so an honest device always passes; the release of the body on failure is ReadPartAsync's.
    /// </summary>
    private void CheckSizedEnd()
    {
        var scanner = default(JpegEndScanner);
        int end;
        try
        {
            end = scanner.Feed(_body!.Array.AsSpan(0, _bodyLength));
        }
        catch (FormatException ex)
        {
            throw Malformed($"a part of Content-Length {_bodyLength} is not a JPEG: it {ex.Message}");
        }

        if (end < 0)
        {
            throw Malformed($"a part's Content-Length ({_bodyLength}) ends before its JPEG does; the header lies or the part was cut");
        }

        if (end < _bodyLength)
        {
            // Encoders may pad their output with fill bytes after EOI; anything else is the next part's text.
            if (_body!.Array.AsSpan(end, _bodyLength - end).IndexOfAnyExcept((byte)0x00, (byte)0xFF) >= 0)
            {
                throw Malformed($"a part's Content-Length ({_bodyLength}) runs past the end of its JPEG ({end} bytes)");
            }

            _bodyLength = end;
        }
    }

    private MjpegPart CompleteFrame()
    {
        var body = _body!;
        var length = _bodyLength;
        _body = null;
        if (!JpegHeader.TryReadSize(body.Array.AsSpan(0, length), out var width, out var height))
        {
            var start = Describe(new ReadOnlySequence<byte>(body.Array, 0, Math.Min(length, 8)));
            body.Release();
            throw Malformed($"a part of {length} bytes is not a JPEG with a frame header (it starts with {start})");
        }

        _sequence++;
        return new MjpegPart(body, length, width, height, _time.GetUtcNow(), _sequence);
    }

    private void CheckPrefix(ReadOnlySequence<byte> partial)
    {
        Span<byte> head = stackalloc byte[_delimiter.Length];
        var length = (int)Math.Min(partial.Length, head.Length);
        partial.Slice(0, length).CopyTo(head);
        if (!_delimiter.AsSpan(0, length).SequenceEqual(head[..length]))
        {
            throw Malformed($"expected the boundary '{Encoding.ASCII.GetString(_delimiter)}' but found {Describe(partial)}");
        }
    }

    private static bool OnlyLineBreaks(ReadOnlySequence<byte> rest)
    {
        foreach (var segment in rest)
        {
            if (segment.Span.IndexOfAnyExcept((byte)'\r', (byte)'\n') >= 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Frees the pooled buffers once the stream is done; frames still held free theirs on dispose.</summary>
    public void Close()
    {
        ReleaseBody();
        _pool.Close();
    }

    private void ReleaseBody()
    {
        _body?.Release();
        _body = null;
    }

    private NanoKvmException Malformed(string problem) => new(
        $"{_endpoint} sent a malformed MJPEG stream: {problem} (after {_streamOffset} bytes, {_sequence} frames).",
        _endpoint, HttpStatusCode.OK);

    private NanoKvmException TooLarge(string size) => new(
        $"{_endpoint} sent an MJPEG part of {size} bytes, above the {_maxFrameBytes}-byte limit (NanoKvmVideoOptions.MaxFrameBytes).",
        _endpoint, HttpStatusCode.OK);

    private static string Describe(ReadOnlySpan<byte> bytes) => Describe(new ReadOnlySequence<byte>(bytes.ToArray()));

    private static string Describe(ReadOnlySequence<byte> bytes)
    {
        var sample = bytes.Slice(0, Math.Min(bytes.Length, 16)).ToArray();
        return sample.Length == 0 ? "nothing" : "0x" + Convert.ToHexString(sample);
    }
}
