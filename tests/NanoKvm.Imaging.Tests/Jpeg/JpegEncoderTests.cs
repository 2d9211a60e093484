using NanoKvm.Imaging.Jpeg;
using NanoKvm.Imaging.Tests.Infrastructure;

namespace NanoKvm.Imaging.Tests.Jpeg;

/// <summary>Our encoder's files, decoded by libjpeg-turbo's djpeg, against the source pixels and against cjpeg.</summary>
public sealed class JpegEncoderTests
{
    public static TheoryData<int, int, ChromaSubsampling> Sizes => new()
    {
        { 1, 1, ChromaSubsampling.Yuv420 },
        { 7, 5, ChromaSubsampling.Yuv420 },
        { 17, 9, ChromaSubsampling.Yuv444 },
        { 33, 31, ChromaSubsampling.Yuv420 },
        { 321, 239, ChromaSubsampling.Yuv420 },
        { 321, 239, ChromaSubsampling.Yuv444 },
        { 1280, 720, ChromaSubsampling.Yuv420 },
    };

    [Theory]
    [MemberData(nameof(Sizes))]
    public void Djpeg_decodes_our_output_close_to_the_source(int width, int height, ChromaSubsampling subsampling)
    {
        var source = SyntheticImages.Desktop(width, height);

        var jpeg = JpegEncoder.Encode(source, 90, subsampling);
        var decoded = ReferenceTools.Djpeg(jpeg);

        var metrics = ImageMetrics.Compare(source, decoded);
        TestContext.Current.TestOutputHelper?.WriteLine($"{width}x{height} {subsampling} q90: {metrics}, {jpeg.Length} bytes");
        // Desktop content at quality 90 lands near 34–40 dB; 30 dB would already show visible damage.
        Assert.True(metrics.Psnr >= 30, $"{width}x{height} {subsampling}: {metrics}");
    }

    [Theory]
    [InlineData(ChromaSubsampling.Yuv420, "2x2")]
    [InlineData(ChromaSubsampling.Yuv444, "1x1")]
    public void Our_quality_matches_cjpeg_at_the_same_settings(ChromaSubsampling subsampling, string cjpegSample)
    {
        foreach (var source in new[] { SyntheticImages.Desktop(400, 300), SyntheticImages.Gradient(203, 117), SyntheticImages.ColourBlocks(96, 80) })
        {
            foreach (var quality in new[] { 30, 80, 95 })
            {
                var ours = ImageMetrics.Compare(source, ReferenceTools.Djpeg(JpegEncoder.Encode(source, quality, subsampling)));
                var reference = ImageMetrics.Compare(
                    source,
                    ReferenceTools.Djpeg(ReferenceTools.Cjpeg(source, "-quality", $"{quality}", "-sample", cjpegSample)));

                TestContext.Current.TestOutputHelper?.WriteLine($"q{quality} {subsampling} {source.Width}x{source.Height}: ours {ours} / cjpeg {reference}");
                // Same tables, a float DCT and plain box chroma averaging: within a dB of libjpeg's default path.
                Assert.True(ours.Psnr >= reference.Psnr - 1.0, $"q{quality} {subsampling} ours {ours} vs cjpeg {reference}");
            }
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(80)]
    [InlineData(100)]
    public void Quantization_tables_equal_cjpegs_for_the_same_quality(int quality)
    {
        var source = SyntheticImages.Gradient(16, 16);

        var ours = QuantizationTables(JpegEncoder.Encode(source, quality, ChromaSubsampling.Yuv444));
        var reference = QuantizationTables(ReferenceTools.Cjpeg(source, "-quality", $"{quality}", "-baseline"));

        Assert.Equal(reference, ours);
    }

    [Fact]
    public void Output_is_a_jfif_file_with_the_image_dimensions()
    {
        var jpeg = JpegEncoder.Encode(SyntheticImages.Gradient(1000, 3), 80, ChromaSubsampling.Yuv444);

        Assert.Equal([0xFF, 0xD8, 0xFF, 0xE0], jpeg[..4]);
        Assert.Equal("JFIF\0"u8.ToArray(), jpeg[6..11]);
        Assert.Equal([0xFF, 0xD9], jpeg[^2..]);
        var decoded = ReferenceTools.Djpeg(jpeg);
        Assert.Equal((1000, 3), (decoded.Width, decoded.Height));
    }

    [Fact]
    public void Noise_survives_at_quality_100()
    {
        // Noise makes every AC coefficient large: exercises the long Huffman codes and 0xFF byte stuffing.
        var source = SyntheticImages.Noise(64, 48);

        var metrics = ImageMetrics.Compare(source, ReferenceTools.Djpeg(JpegEncoder.Encode(source, 100, ChromaSubsampling.Yuv444)));

        Assert.True(metrics.Psnr >= 45, metrics.ToString());
    }

    [Fact]
    public void Invalid_arguments_are_rejected()
    {
        var image = new RgbImage(8, 8);

        Assert.Throws<ArgumentNullException>(() => JpegEncoder.Encode(null!));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegEncoder.Encode(image, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegEncoder.Encode(image, 101));
        Assert.Throws<ArgumentException>(() => JpegEncoder.Encode(image, 80, ChromaSubsampling.Yuv422));
    }

    /// <summary>Collects (table id → 64 values in stored order) from every DQT segment.</summary>
    private static SortedDictionary<int, byte[]> QuantizationTables(byte[] jpeg)
    {
        var tables = new SortedDictionary<int, byte[]>();
        var position = 2;
        while (position + 4 <= jpeg.Length && jpeg[position] == 0xFF && jpeg[position + 1] != 0xDA)
        {
            var length = (jpeg[position + 2] << 8) | jpeg[position + 3];
            if (jpeg[position + 1] == 0xDB)
            {
                for (var p = position + 4; p < position + 2 + length; p += 65)
                {
                    Assert.Equal(0, jpeg[p] >> 4); // 8-bit tables only
                    tables[jpeg[p] & 15] = jpeg[(p + 1)..(p + 65)];
                }
            }

            position += 2 + length;
        }

        return tables;
    }
}
