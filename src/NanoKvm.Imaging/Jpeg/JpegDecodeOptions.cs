namespace NanoKvm.Imaging.Jpeg;

/// <summary>Limits and output choices for <see cref="JpegDecoder.Decode"/>.</summary>
public sealed class JpegDecodeOptions
{
    /// <summary>The default limit for <see cref="MaxPixels"/>: 40 megapixels.</summary>
    public const long DefaultMaxPixels = 40_000_000;

    /// <summary>
    /// Largest encoded width × height accepted. Checked against the frame header before any pixel memory is
    /// allocated, so a hostile header cannot make the decoder allocate gigabytes.
    /// </summary>
    public long MaxPixels { get; init; } = DefaultMaxPixels;

    /// <summary>Decode at full size or at 1/2, 1/4 or 1/8 in the DCT domain.</summary>
    public JpegScale Scale { get; init; } = JpegScale.Full;
}
