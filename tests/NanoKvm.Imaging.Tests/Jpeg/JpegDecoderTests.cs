using NanoKvm.Imaging.Jpeg;
using NanoKvm.Imaging.Tests.Infrastructure;

namespace NanoKvm.Imaging.Tests.Jpeg;

/// <summary>Decoder features beyond the plain sampling matrix: header info, rejections, scans, markers, scaling.</summary>
public sealed class JpegDecoderTests
{
    private static readonly RgbImage Desktop = SyntheticImages.Desktop(160, 96);

    [Theory]
    [InlineData("-sample 2x2", ChromaSubsampling.Yuv420, 3)]
    [InlineData("-sample 2x1", ChromaSubsampling.Yuv422, 3)]
    [InlineData("-sample 1x1", ChromaSubsampling.Yuv444, 3)]
    [InlineData("-grayscale", null, 1)]
    public void ReadInfo_reports_size_components_and_sampling(string options, ChromaSubsampling? expected, int components)
    {
        var jpeg = ReferenceTools.Cjpeg(SyntheticImages.Gradient(123, 45), options.Split(' '));

        var info = JpegDecoder.ReadInfo(jpeg);

        Assert.Equal((123, 45, 8), (info.Width, info.Height, info.Precision));
        Assert.Equal(components, info.ComponentCount);
        Assert.Equal(expected, info.Subsampling);
        Assert.False(info.IsProgressive || info.IsArithmetic || info.IsLossless || info.IsHierarchical);
    }

    [Fact]
    public void Progressive_files_are_described_and_rejected_with_a_clear_message()
    {
        var jpeg = ReferenceTools.Cjpeg(Desktop, "-progressive");

        Assert.True(JpegDecoder.ReadInfo(jpeg).IsProgressive);
        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(jpeg));
        Assert.Contains("progressive (SOF2)", error.Message, StringComparison.Ordinal);
        Assert.Contains("baseline", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Offset);
    }

    [Fact]
    public void Arithmetic_coded_files_are_described_and_rejected()
    {
        var jpeg = ReferenceTools.Cjpeg(Desktop, "-arithmetic");

        var info = JpegDecoder.ReadInfo(jpeg);
        Assert.True(info.IsArithmetic);
        Assert.False(info.IsProgressive);
        var error = Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(jpeg));
        Assert.Contains("arithmetic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Twelve_bit_lossless_and_hierarchical_frames_are_rejected()
    {
        var jpeg = JpegEncoder.Encode(Desktop);
        var sof = JpegSegments.Find(jpeg, 0xC0);

        var twelveBit = JpegSegments.Patch(jpeg, 0xC0, 0, 12);
        Assert.Equal(12, JpegDecoder.ReadInfo(twelveBit).Precision);
        Assert.Contains("precision 12 bits", Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(twelveBit)).Message, StringComparison.Ordinal);

        var lossless = (byte[])jpeg.Clone();
        lossless[sof + 1] = 0xC3;
        Assert.True(JpegDecoder.ReadInfo(lossless).IsLossless);
        Assert.Contains("lossless (SOF3)", Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(lossless)).Message, StringComparison.Ordinal);

        var hierarchical = (byte[])jpeg.Clone();
        hierarchical[sof + 1] = 0xC5;
        Assert.True(JpegDecoder.ReadInfo(hierarchical).IsHierarchical);
        Assert.Contains("hierarchical", Assert.Throws<JpegFormatException>(() => JpegDecoder.Decode(hierarchical)).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-optimize")]
    [InlineData("-sample 2x2,2x1,1x1")]
    [InlineData("-sample 1x2,1x1,1x2")]
    [InlineData("-sample 2x1,1x1,1x1 -restart 2")]
    [InlineData("-rgb")]
    [InlineData("-sample 4x1")]
    [InlineData("-sample 4x2")]
    public void Unusual_but_valid_files_decode_like_djpeg(string options)
    {
        var jpeg = ReferenceTools.Cjpeg(Desktop, options.Split(' '));

        var metrics = ImageMetrics.Compare(ReferenceTools.Djpeg(jpeg), JpegDecoder.Decode(jpeg));
        TestContext.Current.TestOutputHelper?.WriteLine($"{options}: {metrics}");

        Assert.True(metrics.MaxAbsDiff <= 3 && metrics.MeanAbsDiff <= 0.3, $"{options}: {metrics}");
    }

    [Fact]
    public void Non_interleaved_sequential_scans_decode_like_djpeg()
    {
        // One scan per component: each scan then codes only the blocks that hold that component's samples.
        var script = Path.GetTempFileName();
        try
        {
            File.WriteAllText(script, "0;\n1;\n2;\n");
            var jpeg = ReferenceTools.Cjpeg(SyntheticImages.Desktop(203, 117), "-sample", "2x2", "-scans", script);
            Assert.Equal(3, CountMarkers(jpeg, 0xDA));

            var metrics = ImageMetrics.Compare(ReferenceTools.Djpeg(jpeg), JpegDecoder.Decode(jpeg));

            Assert.True(metrics.MaxAbsDiff <= 3 && metrics.MeanAbsDiff <= 0.3, metrics.ToString());
        }
        finally
        {
            File.Delete(script);
        }
    }

    [Fact]
    public void Comments_application_segments_and_fill_bytes_are_skipped()
    {
        var jpeg = JpegEncoder.Encode(Desktop);
        var expected = JpegDecoder.Decode(jpeg);
        var dqt = JpegSegments.Find(jpeg, 0xDB);

        // A COM segment, an APP1 segment, and fill bytes (extra 0xFF) before the DQT marker and before EOI.
        byte[] extra = [0xFF, 0xFE, 0x00, 0x07, (byte)'h', (byte)'e', (byte)'l', (byte)'l', (byte)'o', 0xFF, 0xE1, 0x00, 0x04, 0x12, 0x34, 0xFF, 0xFF, 0xFF];
        var edited = JpegSegments.InsertAt(jpeg, dqt, extra);
        edited = JpegSegments.InsertAt(edited, edited.Length - 2, 0xFF, 0xFF);

        var actual = JpegDecoder.Decode(edited);

        Assert.Equal(expected.Pixels, actual.Pixels);
        // The reference agrees the edited file is valid and unchanged in content.
        Assert.Equal(ReferenceTools.Djpeg(jpeg).Pixels, ReferenceTools.Djpeg(edited).Pixels);
    }

    [Fact]
    public void Motion_jpeg_frames_without_huffman_tables_use_the_standard_ones()
    {
        var jpeg = JpegEncoder.Encode(Desktop);
        var withoutDht = JpegSegments.ReplaceSegment(jpeg, 0xC4, []);
        Assert.Equal(-1, JpegSegments.Find(withoutDht, 0xC4));

        var actual = JpegDecoder.Decode(withoutDht);

        Assert.Equal(JpegDecoder.Decode(jpeg).Pixels, actual.Pixels);
        Assert.Equal(ReferenceTools.Djpeg(jpeg).Pixels, ReferenceTools.Djpeg(withoutDht).Pixels); // libjpeg agrees
    }

    [Theory]
    [InlineData(ChromaSubsampling.Yuv420)]
    [InlineData(ChromaSubsampling.Yuv444)]
    public void Our_encoder_round_trips_through_our_decoder_like_djpeg(ChromaSubsampling subsampling)
    {
        var source = SyntheticImages.Desktop(333, 177);
        var jpeg = JpegEncoder.Encode(source, 85, subsampling);

        var ours = JpegDecoder.Decode(jpeg);

        var metrics = ImageMetrics.Compare(ReferenceTools.Djpeg(jpeg), ours);
        Assert.True(metrics.MaxAbsDiff <= 3 && metrics.MeanAbsDiff <= 0.3, metrics.ToString());
        Assert.True(ImageMetrics.Compare(source, ours).Psnr >= 30);
    }

    [Theory]
    [InlineData(JpegScale.Half, "1/2", "-sample 2x2")]
    [InlineData(JpegScale.Quarter, "1/4", "-sample 2x2")]
    [InlineData(JpegScale.Eighth, "1/8", "-sample 2x2")]
    [InlineData(JpegScale.Half, "1/2", "-sample 1x1")]
    [InlineData(JpegScale.Quarter, "1/4", "-grayscale")]
    [InlineData(JpegScale.Half, "1/2", "-sample 2x1")]
    [InlineData(JpegScale.Quarter, "1/4", "-sample 1x2 -restart 1")]
    public void Scaled_decoding_matches_djpeg_scale(JpegScale scale, string djpegScale, string sampling)
    {
        var source = SyntheticImages.Desktop(203, 117);
        var jpeg = ReferenceTools.Cjpeg(source, sampling.Split(' '));

        var ours = JpegDecoder.Decode(jpeg, new JpegDecodeOptions { Scale = scale });
        var reference = ReferenceTools.Djpeg(jpeg, "-scale", djpegScale);

        Assert.Equal((reference.Width, reference.Height), (ours.Width, ours.Height));
        var metrics = ImageMetrics.Compare(reference, ours);
        TestContext.Current.TestOutputHelper?.WriteLine($"{scale} {sampling}: {metrics}");
        // Like libjpeg we decode square-subsampled chroma with a larger reduced IDCT instead of upsampling it; our
        // reduced IDCTs still differ from libjpeg's in detail, so glyph edges can differ locally (max up to ~20).
        Assert.True(metrics.MeanAbsDiff <= ScaledMeanBound && metrics.Psnr >= ScaledPsnrBound, $"{scale} {sampling}: {metrics}");
    }

    // Measured: worst mean 0.42 and worst PSNR 42.4 dB (1/4 of 4:2:0 and 4:4:0 desktops).
    private const double ScaledMeanBound = 0.6;
    private const double ScaledPsnrBound = 40;

    [Theory]
    [InlineData(640, 360, 320, 180)]
    [InlineData(640, 360, 400, 400)]
    [InlineData(641, 359, 100, 100)]
    [InlineData(640, 360, 70, 1000)]
    [InlineData(640, 360, 640, 360)]
    public void DecodeToFit_matches_decode_then_downscale(int width, int height, int maxWidth, int maxHeight)
    {
        var jpeg = JpegEncoder.Encode(SyntheticImages.Desktop(width, height), 85);
        var expected = ImageScaler.DownscaleToFit(JpegDecoder.Decode(jpeg), maxWidth, maxHeight);

        var actual = JpegDecoder.DecodeToFit(jpeg, maxWidth, maxHeight);

        Assert.Equal((expected.Width, expected.Height), (actual.Width, actual.Height));
        var metrics = ImageMetrics.Compare(expected, actual);
        TestContext.Current.TestOutputHelper?.WriteLine($"{width}x{height} -> {maxWidth}x{maxHeight}: {metrics}");
        // DCT-domain reduction keeps the low frequencies of each block instead of box-averaging its pixels, so
        // glyph edges come out slightly sharper: measured worst mean 1.73, PSNR 32.4 dB (640x360 -> 70x39).
        Assert.True(metrics.MeanAbsDiff <= 2.5 && metrics.Psnr >= 30, metrics.ToString());
    }

    [Fact]
    public void DecodeToFit_validates_its_box_and_honours_the_pixel_limit()
    {
        var jpeg = JpegEncoder.Encode(Desktop);

        Assert.Throws<ArgumentOutOfRangeException>(() => JpegDecoder.DecodeToFit(jpeg, 0, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegDecoder.DecodeToFit(jpeg, 10, 0));
        Assert.Throws<JpegFormatException>(() => JpegDecoder.DecodeToFit(jpeg, 10, 10, new JpegDecodeOptions { MaxPixels = 100 }));
        Assert.Throws<JpegFormatException>(() => JpegDecoder.DecodeToFit([0xFF, 0xD8, 0xFF, 0xD9], 10, 10));
    }

    [Fact]
    public void Options_are_validated()
    {
        var jpeg = JpegEncoder.Encode(Desktop);

        Assert.Throws<ArgumentOutOfRangeException>(() => JpegDecoder.Decode(jpeg, new JpegDecodeOptions { MaxPixels = 0 }));
        Assert.Throws<ArgumentOutOfRangeException>(() => JpegDecoder.Decode(jpeg, new JpegDecodeOptions { Scale = (JpegScale)3 }));
    }

    private static int CountMarkers(byte[] jpeg, byte marker)
    {
        var count = 0;
        for (var i = 0; i + 1 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] == marker)
            {
                count++;
            }
        }

        return count;
    }
}
