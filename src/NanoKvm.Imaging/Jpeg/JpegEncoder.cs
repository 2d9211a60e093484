using NanoKvm.Imaging.Jpeg.Encoding;

namespace NanoKvm.Imaging.Jpeg;

/// <summary>Baseline (sequential, Huffman) JPEG encoder with the standard quantization and Huffman tables.</summary>
public static class JpegEncoder
{
    /// <summary>Encodes an image as a baseline JFIF JPEG.</summary>
    /// <param name="image">The pixels.</param>
    /// <param name="quality">1–100, scaling the standard tables as libjpeg does.</param>
    /// <param name="subsampling"><see cref="ChromaSubsampling.Yuv420"/> or <see cref="ChromaSubsampling.Yuv444"/>.</param>
    /// <returns>The JPEG file bytes.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="image"/> is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="quality"/> is outside 1–100.</exception>
    /// <exception cref="ArgumentException"><paramref name="subsampling"/> is not 4:2:0 or 4:4:4.</exception>
    public static byte[] Encode(RgbImage image, int quality = 80, ChromaSubsampling subsampling = ChromaSubsampling.Yuv420)
    {
        ArgumentNullException.ThrowIfNull(image);
        ArgumentOutOfRangeException.ThrowIfLessThan(quality, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 100);
        if (subsampling is not (ChromaSubsampling.Yuv420 or ChromaSubsampling.Yuv444))
        {
            throw new ArgumentException($"The encoder writes 4:2:0 or 4:4:4, not {subsampling}.", nameof(subsampling));
        }

        return new BaselineEncoder(image, quality, subsampling).Run();
    }
}
