using NanoKvm.Imaging.Jpeg;
using NanoKvm.Imaging.Tests.Infrastructure;

namespace NanoKvm.Imaging.Tests.Jpeg;

/// <summary>
/// Files written by libjpeg-turbo's cjpeg, decoded by us and by djpeg (its defaults: accurate integer IDCT and "fancy"
/// triangle-filter chroma upsampling, which our decoder reproduces). The remaining differences come from our float
/// IDCT and rounding in colour conversion and upsampling.
/// </summary>
public sealed class JpegDecoderReferenceTests
{
    // Measured over this whole matrix (see docs/imaging.md): worst max 3, worst mean 0.21 on images of 256+ pixels.
    // One IDCT rounding step times the 1.772 Cb->B factor makes 3 the honest per-channel worst case.
    private const int MaxAbsDiffBound = 3;
    private const double MeanAbsDiffBound = 0.3;

    public static TheoryData<string, string, int, int> Cases()
    {
        var data = new TheoryData<string, string, int, int>();
        string[] samplings = ["-sample 1x1", "-sample 2x1", "-sample 2x2", "-sample 1x2", "-grayscale", "-sample 2x2 -restart 1", "-sample 1x1 -restart 3B", "-sample 2x2 -quality 100", "-sample 2x1 -quality 20"];
        foreach (var sampling in samplings)
        {
            foreach (var picture in new[] { "desktop", "gradient", "noise", "blocks" })
            {
                data.Add(picture, sampling, 203, 117);
            }

            data.Add("desktop", sampling, 640, 480);
            data.Add("desktop", sampling, 1, 1);
            data.Add("gradient", sampling, 17, 33);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Decodes_cjpeg_files_like_djpeg(string picture, string cjpegOptions, int width, int height)
    {
        var source = Picture(picture, width, height);
        var jpeg = ReferenceTools.Cjpeg(source, cjpegOptions.Split(' '));

        var ours = JpegDecoder.Decode(jpeg);
        var reference = ReferenceTools.Djpeg(jpeg);

        var metrics = ImageMetrics.Compare(reference, ours);
        TestContext.Current.TestOutputHelper?.WriteLine($"{picture} {width}x{height} [{cjpegOptions}]: {metrics}");
        Assert.True(metrics.MaxAbsDiff <= MaxAbsDiffBound, $"{picture} {width}x{height} [{cjpegOptions}]: {metrics}");
        // A mean over a handful of pixels is just the max again; judge it on real images only.
        if (width * height >= 256)
        {
            Assert.True(metrics.MeanAbsDiff <= MeanAbsDiffBound, $"{picture} {width}x{height} [{cjpegOptions}]: {metrics}");
        }
    }

    internal static RgbImage Picture(string name, int width, int height) => name switch
    {
        "desktop" => SyntheticImages.Desktop(width, height),
        "gradient" => SyntheticImages.Gradient(width, height),
        "noise" => SyntheticImages.Noise(width, height),
        "blocks" => SyntheticImages.ColourBlocks(width, height),
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
