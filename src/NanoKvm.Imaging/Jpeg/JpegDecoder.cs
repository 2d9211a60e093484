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

    /// <summary>Reads the frame header (size, components, sampling, coding process) without decoding pixels.</summary>
    /// <param name="jpeg">The file, or at least its beginning up to the frame header.</param>
    /// <returns>What the header declares; progressive and other undecodable files are described too.</returns>
    /// <exception cref="JpegFormatException">No valid frame header is found.</exception>
    public static JpegInfo ReadInfo(ReadOnlySpan<byte> jpeg) => BaselineDecoder.ReadInfo(jpeg);
}
