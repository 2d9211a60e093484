using NanoKvm.Client.Hid;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>Clicks, double-clicks and drags addressed by a pixel of a frame of known size land on that pixel.</summary>
public sealed class PixelPointerTests
{
    private const double Tolerance = 1e-4;
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.2.0")]
    [InlineData("2.5.1")]
    public async Task ClickAtPixel_LandsOnThePixel_EdgesIncluded(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);
        var host = device.Emulator.Host.Mouse;

        await device.Client.Mouse.ClickAtPixelAsync(639, 0, 640, 480, MouseButton.Right, Ct);
        await HidTestDevice.WaitUntilAsync(() => host.Clicks(2) == 1 && host.Buttons == 0, "the right click arrived");
        Assert.Equal((1.0, 0.0), (host.X, host.Y));

        await device.Client.Mouse.ClickAtPixelAsync(320, 240, 640, 480, cancellationToken: Ct);
        await HidTestDevice.WaitUntilAsync(() => host.Clicks(1) == 1 && host.Buttons == 0, "the left click arrived");
        Assert.Equal(320 / 639.0, host.X, Tolerance);
        Assert.Equal(240 / 479.0, host.Y, Tolerance);
    }

    [Theory]
    [InlineData("2.3.0")]
    [InlineData("2.4.x")]
    public async Task DoubleClickAtPixel_ClicksTwiceThere(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);
        var host = device.Emulator.Host.Mouse;

        await device.Client.Mouse.DoubleClickAtPixelAsync(1919, 1079, 1920, 1080, cancellationToken: Ct);

        await HidTestDevice.WaitUntilAsync(() => host.Clicks(1) == 2 && host.Buttons == 0, "the double click arrived");
        Assert.Equal((1.0, 1.0), (host.X, host.Y));
    }

    [Fact]
    public async Task DoubleClickAt_NormalizedPosition()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.0");
        var host = device.Emulator.Host.Mouse;

        await device.Client.Mouse.DoubleClickAtAsync(0.25, 0.75, MouseButton.Middle, Ct);

        await HidTestDevice.WaitUntilAsync(() => host.Clicks(4) == 2 && host.Buttons == 0, "the double click arrived");
        Assert.Equal(0.25, host.X, Tolerance);
        Assert.Equal(0.75, host.Y, Tolerance);
    }

    [Theory]
    [InlineData("2.2.0")]
    [InlineData("2.5.1")]
    public async Task DragPixels_StartsAtTheFirstPixel_AndReleasesAtTheSecond(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);
        var host = device.Emulator.Host.Mouse;

        await device.Client.Mouse.DragPixelsAsync(80, 60, 720, 540, 800, 600, cancellationToken: Ct);

        await HidTestDevice.WaitUntilAsync(() => host.Clicks(1) == 1 && host.Buttons == 0 && Math.Abs(host.X - (720 / 799.0)) < Tolerance, "the drag ended");
        Assert.Equal(540 / 599.0, host.Y, Tolerance);
        var start = host.AbsoluteReports[0];
        Assert.Equal(Absolute(80 / 799.0), start[1] | (start[2] << 8));
        Assert.Equal(Absolute(60 / 599.0), start[3] | (start[4] << 8));
    }

    private static int Absolute(double normalized) => (int)Math.Round(normalized * 32767, MidpointRounding.AwayFromZero);

    [Fact]
    public async Task PixelsOutsideTheFrame_FailBeforeAnythingIsSent()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1");
        var mouse = device.Client.Mouse;

        var column = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => mouse.ClickAtPixelAsync(640, 0, 640, 480, cancellationToken: Ct));
        var row = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => mouse.DoubleClickAtPixelAsync(0, -1, 640, 480, cancellationToken: Ct));
        var end = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => mouse.DragPixelsAsync(0, 0, 10, 480, 640, 480, cancellationToken: Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => mouse.ClickAtPixelAsync(0, 0, 0, 480, cancellationToken: Ct));

        Assert.Equal(("x", "y", "toY"), (column.ParamName, row.ParamName, end.ParamName));
        Assert.Equal(0, device.Emulator.Requests.Count("/api/ws"));
    }
}
