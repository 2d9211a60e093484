namespace NanoKvm.Imaging.Tests.Infrastructure;

/// <summary>Per-channel error statistics between two equally sized images.</summary>
internal readonly record struct ImageMetrics(int MaxAbsDiff, double MeanAbsDiff, double Psnr)
{
    public static ImageMetrics Compare(RgbImage expected, RgbImage actual)
    {
        Assert.Equal(expected.Width, actual.Width);
        Assert.Equal(expected.Height, actual.Height);
        long sum = 0;
        double squares = 0;
        var max = 0;
        var a = expected.Pixels;
        var b = actual.Pixels;
        for (var i = 0; i < a.Length; i++)
        {
            var d = Math.Abs(a[i] - b[i]);
            sum += d;
            squares += d * d;
            max = Math.Max(max, d);
        }

        var mse = squares / a.Length;
        var psnr = mse == 0 ? double.PositiveInfinity : 10 * Math.Log10(255.0 * 255.0 / mse);
        return new ImageMetrics(max, (double)sum / a.Length, psnr);
    }

    public override string ToString() => $"max {MaxAbsDiff}, mean {MeanAbsDiff:F3}, PSNR {Psnr:F2} dB";
}
