namespace NanoKvm.Imaging.Jpeg;

/// <summary>Baseline (sequential, Huffman) JPEG encoder with the standard quantization and Huffman tables.</summary>
public static class JpegEncoder
{
    /// <summary>Encodes an image as a baseline JFIF JPEG.</summary>
    /// <param name="image">The pixels.</param>
    /// <param name="quality">1–100, scaling the standard tables as libjpeg does.</param>
    /// <param name="subsampling"><see cref="ChromaSubsampling.Yuv420"/> or <see cref="ChromaSubsampling.Yuv444"/>.</param>
    /// <returns>The JPEG file bytes.</returns>
    public static byte[] Encode(RgbImage image, int quality = 80, ChromaSubsampling subsampling = ChromaSubsampling.Yuv420)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        _ = subsampling;
        throw new NotSupportedException("The JPEG encoder lands with the imaging issue (branch 'imaging').");
    }
}
