using NanoKvm.Imaging.Jpeg.Decoding;

namespace NanoKvm.Imaging.Jpeg;

/// <summary>
/// Decoder for 8-bit baseline and extended sequential Huffman JPEG (grayscale or YCbCr, any sampling whose factors
/// divide the largest, restart markers). Progressive, arithmetic, lossless, hierarchical and 12-bit files are
/// rejected. Malformed input always ends in <see cref="JpegFormatException"/>.
/// </summary>
public static class JpegDecoder
{
    /// <summary>Decodes a JPEG to RGB.</summary>
    /// <param name="jpeg">The complete file.</param>
    /// <param name="options">Size limit and output scale; defaults when null.</param>
    /// <returns>The pixels (at the requested scale).</returns>
    /// <exception cref="JpegFormatException">The data is malformed, truncated, too large, or uses an unsupported process.</exception>
    public static RgbImage Decode(ReadOnlySpan<byte> jpeg, JpegDecodeOptions? options = null)
    {
        options ??= new JpegDecodeOptions();
        if (options.MaxPixels < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.MaxPixels, "MaxPixels must be positive.");
        }

        if (options.Scale is not (JpegScale.Full or JpegScale.Half or JpegScale.Quarter or JpegScale.Eighth))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Scale, "Scale must be Full, Half, Quarter or Eighth.");
        }

        return new BaselineDecoder(options).Decode(jpeg);
    }

    /// <summary>
    /// Decodes a JPEG already shrunk to fit within <paramref name="maxWidth"/> × <paramref name="maxHeight"/>: the
    /// result has the size <see cref="ImageScaler.DownscaleToFit"/> would give, but the decoder first skips as much
    /// work as it can by decoding at 1/2, 1/4 or 1/8 scale in the DCT domain, then area-averages the rest.
    /// </summary>
    /// <param name="jpeg">The complete file.</param>
    /// <param name="maxWidth">Largest allowed width (at least 1).</param>
    /// <param name="maxHeight">Largest allowed height (at least 1).</param>
    /// <param name="options">Size limit (its <see cref="JpegDecodeOptions.Scale"/> is ignored); defaults when null.</param>
    /// <returns>The pixels, never larger than the encoded size.</returns>
    /// <exception cref="JpegFormatException">The data is malformed, truncated, too large, or uses an unsupported process.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A maximum is below 1.</exception>
    public static RgbImage DecodeToFit(ReadOnlySpan<byte> jpeg, int maxWidth, int maxHeight, JpegDecodeOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxWidth, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHeight, 1);
        var info = ReadInfo(jpeg);
        var (width, height) = ImageScaler.FitSize(info.Width, Math.Max(info.Height, 1), maxWidth, maxHeight);

        // The largest DCT-domain reduction that still leaves at least the target size for the area average.
        var scale = JpegScale.Full;
        foreach (var candidate in new[] { JpegScale.Eighth, JpegScale.Quarter, JpegScale.Half })
        {
            var divisor = (int)candidate;
            if ((info.Width + divisor - 1) / divisor >= width && (info.Height + divisor - 1) / divisor >= height)
            {
                scale = candidate;
                break;
            }
        }

        var decoded = Decode(jpeg, new JpegDecodeOptions { MaxPixels = options?.MaxPixels ?? JpegDecodeOptions.DefaultMaxPixels, Scale = scale });
        return decoded.Width == width && decoded.Height == height ? decoded : ImageScaler.Resample(decoded, width, height);
    }

    /// <summary>Reads the frame header (size, components, sampling, coding process) without decoding pixels.</summary>
    /// <param name="jpeg">The file, or at least its beginning up to the frame header.</param>
    /// <returns>What the header declares; progressive and other undecodable files are described too.</returns>
    /// <exception cref="JpegFormatException">No valid frame header is found.</exception>
    public static JpegInfo ReadInfo(ReadOnlySpan<byte> jpeg) => BaselineDecoder.ReadInfo(jpeg);
}
