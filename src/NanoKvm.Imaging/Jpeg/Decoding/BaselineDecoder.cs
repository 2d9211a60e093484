namespace NanoKvm.Imaging.Jpeg.Decoding;

/// <summary>
/// One decoding run: walks the markers, keeps the tables current, decodes each scan into component planes, and
/// assembles the RGB image at EOI. Every size is validated before it is used to allocate or index.
/// </summary>
internal sealed class BaselineDecoder
{
    private readonly JpegDecodeOptions _options;
    private readonly float[]?[] _quantization = new float[4][];
    private readonly HuffmanDecodingTable?[] _dcTables = new HuffmanDecodingTable[4];
    private readonly HuffmanDecodingTable?[] _acTables = new HuffmanDecodingTable[4];
    private FrameGeometry? _frame;
    private FrameComponent[] _components = [];
    private int _restartInterval;
    private int _adobeTransform = -1;
    private bool _sawScan;
    private bool _sawHuffmanTables;

    public BaselineDecoder(JpegDecodeOptions options)
    {
        _options = options;
    }

    /// <summary>Reads up to the frame header and describes it, whatever its coding process.</summary>
    public static JpegInfo ReadInfo(ReadOnlySpan<byte> data)
    {
        var cursor = new SegmentCursor(data);
        while (true)
        {
            var marker = cursor.ReadMarker(out var at);
            if (FrameHeader.IsStartOfFrame(marker))
            {
                var payload = cursor.ReadSegment(out var offset);
                return FrameHeader.Parse(marker, payload, offset);
            }

            switch (marker)
            {
                case JpegMarker.Sos:
                    throw new JpegFormatException("Scan (SOS) before any frame header (SOFn)", at);
                case JpegMarker.Eoi:
                    throw new JpegFormatException("No frame header (SOFn) before the end of the image", at);
                case JpegMarker.Soi or 0x01 or (>= JpegMarker.Rst0 and <= JpegMarker.Rst7):
                    continue; // standalone markers carry no length
                default:
                    _ = cursor.ReadSegment(out _);
                    break;
            }
        }
    }

    public RgbImage Decode(ReadOnlySpan<byte> data)
    {
        var cursor = new SegmentCursor(data);
        while (true)
        {
            var marker = cursor.ReadMarker(out var at);
            if (FrameHeader.IsStartOfFrame(marker))
            {
                StartFrame(marker, cursor.ReadSegment(out var offset), offset, at);
                continue;
            }

            switch (marker)
            {
                case JpegMarker.Eoi:
                    return Finish(at);
                case JpegMarker.Sos:
                    cursor.Position = DecodeScan(data, cursor.ReadSegment(out var scanOffset), scanOffset, cursor.Position, at);
                    break;
                case JpegMarker.Dht:
                    TableParser.ReadHuffman(cursor.ReadSegment(out var dhtOffset), dhtOffset, _dcTables, _acTables);
                    _sawHuffmanTables = true;
                    break;
                case JpegMarker.Dqt:
                    TableParser.ReadQuantization(cursor.ReadSegment(out var dqtOffset), dqtOffset, _quantization);
                    break;
                case JpegMarker.Dri:
                    var dri = cursor.ReadSegment(out var driOffset);
                    if (dri.Length != 2)
                    {
                        throw new JpegFormatException($"Restart interval (DRI) segment has length {dri.Length + 2}, expected 4", driOffset);
                    }

                    _restartInterval = (dri[0] << 8) | dri[1];
                    break;
                case JpegMarker.Dac:
                    throw new JpegFormatException("Unsupported JPEG coding process: arithmetic coding (DAC marker)", at);
                case JpegMarker.Dnl:
                    throw new JpegFormatException("The DNL marker (height defined after the scan) is not supported", at);
                case JpegMarker.Soi:
                    throw new JpegFormatException("Unexpected second SOI marker", at);
                case >= JpegMarker.Rst0 and <= JpegMarker.Rst7:
                    throw new JpegFormatException($"Restart marker RST{marker - JpegMarker.Rst0} outside a scan", at);
                case 0x01:
                    break; // TEM: standalone, meaningless here
                case 0xEE:
                    ReadAdobe(cursor.ReadSegment(out _));
                    break;
                case (>= JpegMarker.App0 and <= JpegMarker.App15) or JpegMarker.Com or JpegMarker.Jpg or (>= 0xF0 and <= 0xFD):
                    _ = cursor.ReadSegment(out _);
                    break;
                default:
                    throw new JpegFormatException($"Unknown or reserved marker FF {marker:X2}", at);
            }
        }
    }

    private void StartFrame(byte marker, ReadOnlySpan<byte> payload, int offset, int at)
    {
        if (_frame is not null)
        {
            throw new JpegFormatException("A second frame header (SOFn); only single-frame JPEG is supported", at);
        }

        var info = FrameHeader.Parse(marker, payload, offset);
        var unsupported = FrameHeader.Unsupported(marker, info);
        if (unsupported is not null)
        {
            throw new JpegFormatException(unsupported, at);
        }

        if ((long)info.Width * info.Height > _options.MaxPixels)
        {
            throw new JpegFormatException(
                $"Image is {info.Width}x{info.Height} = {(long)info.Width * info.Height} pixels, over the limit of {_options.MaxPixels} (JpegDecodeOptions.MaxPixels)",
                offset);
        }

        var frame = new FrameGeometry(info, (int)_options.Scale);
        if (frame.OutputWidth > 16384 || frame.OutputHeight > 16384)
        {
            throw new JpegFormatException($"Output size {frame.OutputWidth}x{frame.OutputHeight} exceeds 16384 pixels per side", offset);
        }

        foreach (var component in info.Components)
        {
            if (frame.MaxHorizontal % component.HorizontalSampling != 0 || frame.MaxVertical % component.VerticalSampling != 0)
            {
                throw new JpegFormatException(
                    $"Unsupported sampling: component {component.Id} is {component.HorizontalSampling}x{component.VerticalSampling}, not an integer fraction of {frame.MaxHorizontal}x{frame.MaxVertical}",
                    offset);
            }
        }

        _components = info.Components.Select(c => new FrameComponent(c, frame)).ToArray();
        _frame = frame;
    }

    private int DecodeScan(ReadOnlySpan<byte> data, ReadOnlySpan<byte> header, int offset, int dataStart, int at)
    {
        if (_frame is null)
        {
            throw new JpegFormatException("Scan (SOS) before any frame header (SOFn)", at);
        }

        var scanComponents = ReadScanHeader(header, offset);
        ThrowIfTooShort(scanComponents, data.Length - dataStart, dataStart);
        var reader = new EntropyReader(data, dataStart);
        ScanDecoder.Decode(ref reader, data, scanComponents, _frame, _restartInterval);
        _sawScan = true;

        var next = reader.SeekMarker();
        if (next < 0)
        {
            throw new JpegFormatException("Data ends after the scan without an EOI marker", data.Length);
        }

        return next;
    }

    /// <summary>
    /// Every block costs at least two bits (a DC code and an end-of-block code, each at least one bit long), so a
    /// header promising more blocks than the remaining bytes can hold is rejected before any plane is allocated.
    /// This keeps memory and time proportional to the input size whatever the header claims.
    /// </summary>
    private void ThrowIfTooShort(FrameComponent[] scanComponents, int remaining, int offset)
    {
        long blocks;
        if (scanComponents.Length == 1)
        {
            blocks = (long)scanComponents[0].BlocksPerLine * scanComponents[0].BlocksPerColumn;
        }
        else
        {
            var perMcu = scanComponents.Sum(c => c.Info.HorizontalSampling * c.Info.VerticalSampling);
            blocks = (long)_frame!.McusX * _frame.McusY * perMcu;
        }

        if (blocks * 2 > (long)remaining * 8)
        {
            throw new JpegFormatException(
                $"Truncated data: the scan codes {blocks} blocks, needing at least {(blocks + 3) / 4} bytes, but only {remaining} remain",
                offset);
        }
    }

    private FrameComponent[] ReadScanHeader(ReadOnlySpan<byte> header, int offset)
    {
        if (header.Length < 1)
        {
            throw new JpegFormatException("Empty scan header", offset);
        }

        var count = header[0];
        if (count is < 1 or > 4 || header.Length != 1 + (2 * count) + 3)
        {
            throw new JpegFormatException($"Scan header declares {count} components but has length {header.Length + 2}", offset);
        }

        var result = new FrameComponent[count];
        var blocksPerMcu = 0;
        for (var i = 0; i < count; i++)
        {
            var entryOffset = offset + 1 + (2 * i);
            var id = header[1 + (2 * i)];
            var tables = header[2 + (2 * i)];
            var component = Array.Find(_components, c => c.Info.Id == id)
                ?? throw new JpegFormatException($"Scan refers to component {id}, which the frame does not declare", entryOffset);
            if (Array.IndexOf(result, component, 0, i) >= 0)
            {
                throw new JpegFormatException($"Component {id} appears twice in one scan", entryOffset);
            }

            int dcId = tables >> 4, acId = tables & 15;
            if (dcId > 3 || acId > 3)
            {
                throw new JpegFormatException($"Component {id} selects Huffman tables DC {dcId} / AC {acId}; ids are 0-3", entryOffset);
            }

            if (!_sawHuffmanTables)
            {
                // Motion-JPEG frames often leave out DHT and rely on the Annex K tables (as libjpeg also assumes).
                StandardHuffmanTables.FillMissing(_dcTables, _acTables);
            }

            component.DcTable = _dcTables[dcId]
                ?? throw new JpegFormatException($"Component {id} uses DC Huffman table {dcId}, which was never defined", entryOffset);
            component.AcTable = _acTables[acId]
                ?? throw new JpegFormatException($"Component {id} uses AC Huffman table {acId}, which was never defined", entryOffset);
            var quantizationId = component.Info.QuantizationTableId;
            component.Quantization = _quantization[quantizationId]
                ?? throw new JpegFormatException($"Component {id} uses quantization table {quantizationId}, which was never defined", entryOffset);
            blocksPerMcu += component.Info.HorizontalSampling * component.Info.VerticalSampling;
            result[i] = component;
        }

        if (count > 1 && blocksPerMcu > 10)
        {
            throw new JpegFormatException($"Interleaved scan has {blocksPerMcu} blocks per MCU; the limit is 10", offset);
        }

        // Ss, Se, Ah/Al only matter to progressive coding; a sequential decoder ignores them, as libjpeg does.
        return result;
    }

    private void ReadAdobe(ReadOnlySpan<byte> payload)
    {
        if (payload.Length >= 12 && payload[..5].SequenceEqual("Adobe"u8))
        {
            _adobeTransform = payload[11];
        }
    }

    private RgbImage Finish(int at)
    {
        if (_frame is null)
        {
            throw new JpegFormatException("No frame header (SOFn) before the end of the image", at);
        }

        if (!_sawScan)
        {
            throw new JpegFormatException("No scan (SOS) before the end of the image", at);
        }

        foreach (var component in _components)
        {
            if (!component.Decoded)
            {
                throw new JpegFormatException($"Component {component.Info.Id} never appeared in a scan", at);
            }
        }

        return ImageAssembler.Assemble(_components, _frame, ChooseTransform());
    }

    private ColorTransform ChooseTransform()
    {
        if (_components.Length != 3)
        {
            return ColorTransform.YCbCr;
        }

        if (_adobeTransform >= 0)
        {
            return _adobeTransform == 0 ? ColorTransform.None : ColorTransform.YCbCr;
        }

        var ids = (_components[0].Info.Id, _components[1].Info.Id, _components[2].Info.Id);
        return ids == ('R', 'G', 'B') ? ColorTransform.None : ColorTransform.YCbCr;
    }
}
