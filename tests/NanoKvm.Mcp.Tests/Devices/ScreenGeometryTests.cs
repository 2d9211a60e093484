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

    [Fact]
    public void CaptureSize_IsUsedBeforeAnyScreenshot_AheadOfTheConfiguredSize_UntilItIsStaleOrForgotten()
    {
        var clock = new SteppedClock();
        var geometry = new ScreenGeometry(new ScreenSize(100, 100), clock);
        Assert.Equal(CoordinateSource.ConfiguredSize, geometry.Space!.Source);
        Assert.True(geometry.NeedsCaptureSize);

        geometry.RecordCaptureSize(1280, 720);
        Assert.Equal(new CoordinateSpace(ScreenView.FullFrame(1280, 720), CoordinateSource.CaptureSize), geometry.Space);
        Assert.False(geometry.NeedsCaptureSize);
        Assert.Equal(640.5 / 1280, geometry.ToFrameFraction(640, 0, normalized: false).X, 6);

        clock.Advance(ScreenGeometry.CaptureSizeMaxAge);
        Assert.Equal(CoordinateSource.ConfiguredSize, geometry.Space!.Source);

        geometry.RecordCaptureSize(1280, 720);
        geometry.ForgetCaptureSize();
        Assert.True(geometry.NeedsCaptureSize);
    }

    [Fact]
    public void AScreenshot_WinsOverTheCaptureSize_AndRefreshesIt()
    {
        var geometry = new ScreenGeometry(fallback: null);
        geometry.RecordCaptureSize(640, 480);

        geometry.Record(new ScreenView(1920, 1080, new PixelRect(0, 0, 1920, 1080), 960, 540));

        Assert.Equal(CoordinateSource.Screenshot, geometry.Space!.Source);
        Assert.Equal(960, geometry.Space.View.ImageWidth);
        Assert.False(geometry.NeedsCaptureSize);
    }

    [Fact]
    public void WhenTheCaptureSizeCannotBeLearned_TheRefusalSaysWhy()
    {
        var geometry = new ScreenGeometry(fallback: null);
        geometry.RecordCaptureProblem("No frame within 5 s: the HDMI signal is probably absent.");

        var e = Assert.Throws<ArgumentException>(() => geometry.ToFrameFraction(10, 10, normalized: false));

        Assert.Equal("x", e.ParamName);
        Assert.Contains("could not be learned (No frame within 5 s: the HDMI signal is probably absent)", e.Message, StringComparison.Ordinal);
    }

    /// <summary>A clock that moves only when told to.</summary>
    private sealed class SteppedClock : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(TimeSpan by) => _ticks += by.Ticks;
    }
}
