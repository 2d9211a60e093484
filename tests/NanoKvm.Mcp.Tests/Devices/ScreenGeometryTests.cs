using NanoKvm.Mcp.Configuration;
using NanoKvm.Mcp.Devices;

namespace NanoKvm.Mcp.Tests.Devices;

public sealed class ScreenGeometryTests
{
    [Fact]
    public void PixelsOfADownscaledScreenshot_MapToTheSameSpotOfTheFrame()
    {
        var geometry = new ScreenGeometry(fallback: null);
        geometry.Record(new ScreenView(1920, 1080, new PixelRect(0, 0, 1920, 1080), 960, 540));

        var (x, y) = geometry.ToFrameFraction(480, 270, normalized: false);

        Assert.Equal((480.5 * 2) / 1920, x, 6);
        Assert.Equal((270.5 * 2) / 1080, y, 6);
    }

    [Fact]
    public void PixelsOfACrop_MapIntoTheCroppedRegion()
    {
        var geometry = new ScreenGeometry(fallback: null);
        geometry.Record(new ScreenView(1000, 1000, new PixelRect(500, 500, 100, 100), 100, 100));

        var (x, y) = geometry.ToFrameFraction(0, 99, normalized: false);

        Assert.Equal(0.5005, x, 6);
        Assert.Equal(0.5995, y, 6);
    }

    [Fact]
    public void NormalizedCoordinates_WorkBeforeAnyScreenshot()
    {
        var geometry = new ScreenGeometry(fallback: null);

        Assert.Equal((0.25, 1.0), geometry.ToFrameFraction(0.25, 1, normalized: true));
    }

    [Fact]
    public void Pixels_BeforeAnyScreenshot_AskForOne_UnlessAFallbackSizeIsConfigured()
    {
        var e = Assert.Throws<ArgumentException>(() => new ScreenGeometry(fallback: null).ToFrameFraction(10, 10, normalized: false));
        Assert.Contains("nanokvm_screenshot first", e.Message, StringComparison.Ordinal);

        var (x, _) = new ScreenGeometry(new ScreenSize(100, 100)).ToFrameFraction(49.5, 0, normalized: false);
        Assert.Equal(0.5, x, 6);
    }

    [Theory]
    [InlineData(800, 10, false, "x")]
    [InlineData(-1, 10, false, "x")]
    [InlineData(10, 600, false, "y")]
    [InlineData(1.5, 0.5, true, "x")]
    [InlineData(0.5, -0.1, true, "y")]
    [InlineData(double.NaN, 1, false, "x")]
    public void OutOfRangeCoordinates_NameTheArgument(double x, double y, bool normalized, string name)
    {
        var geometry = new ScreenGeometry(fallback: null);
        geometry.Record(ScreenView.FullFrame(800, 600));

        var e = Assert.ThrowsAny<ArgumentException>(() => geometry.ToFrameFraction(x, y, normalized));

        Assert.Equal(name, e.ParamName);
    }
}
