using NanoKvm.Client.Hid;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>Mouse reports match byte for byte; clicks never jump; drags stay on one pointer; wheel sign is "positive = down".</summary>
public sealed class MouseTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.4.x")]
    [InlineData("2.5.1")]
    public async Task MoveTo_WritesTheSheetsAbsoluteReport(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);

        await device.Client.Mouse.MoveToAsync(16383 / 32767.0, 16383 / 32767.0, Ct);
        await device.Client.Mouse.MoveToAsync(1, 0, Ct);

        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Mouse.AbsoluteReports.Count >= 2, "two reports arrived");
        Assert.Equal(["00FF3FFF3F00", "00FF7F000000"], device.Emulator.Host.Mouse.AbsoluteReports.Select(HidTestDevice.Hex));
        Assert.Equal(1.0, device.Emulator.Host.Mouse.X);
        Assert.Equal(0.0, device.Emulator.Host.Mouse.Y);
    }

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task ClickAfterMove_DoesNotMoveThePointer(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);
        var mouse = device.Client.Mouse;

        await mouse.MoveToAsync(0.25, 0.75, Ct);
        await mouse.ClickAsync(MouseButton.Right, cancellationToken: Ct);

        var host = device.Emulator.Host.Mouse;
        await HidTestDevice.WaitUntilAsync(() => host.Clicks(2) == 1 && host.Buttons == 0, "the click arrived");
        Assert.Equal(8192 / 32767.0, host.X, 6);
        Assert.Equal(24575 / 32767.0, host.Y, 6);
        if (!FirmwareProfile.Parse(profile).BinaryHid)
        {
            // Legacy: clicks exist only on the relative mouse, with a zero move.
            Assert.Equal(["02000000", "00000000"], host.RelativeReports.Select(HidTestDevice.Hex));
        }
        else
        {
            Assert.Equal(["000020FF5F00", "020020FF5F00", "000020FF5F00"], host.AbsoluteReports.Select(HidTestDevice.Hex));
            Assert.Empty(host.RelativeReports);
        }
    }

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task ClickWithoutAnyPosition_UsesTheRelativeMouseAndStaysPut(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);

        await device.Client.Mouse.DoubleClickAsync(cancellationToken: Ct);

        var host = device.Emulator.Host.Mouse;
        await HidTestDevice.WaitUntilAsync(() => host.Clicks(1) == 2 && host.Buttons == 0, "the double click arrived");
        Assert.Equal(0.5, host.X);
        Assert.Equal(0.5, host.Y);
        Assert.Empty(host.AbsoluteReports);
        Assert.Equal(["01000000", "00000000", "01000000", "00000000"], host.RelativeReports.Select(HidTestDevice.Hex));
    }

    [Theory]
    [InlineData("2.4.x", new[] { "007FFB00", "007F0000", "002E0000" })]
    [InlineData("2.3.1", new[] { "007FFB00", "007F0000", "002E0000" })]
    public async Task MoveBy_SplitsIntoSteps(string profile, string[] expected)
    {
        await using var device = await HidTestDevice.StartAsync(profile);

        await device.Client.Mouse.MoveByAsync(300, -5, Ct);

        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Mouse.RelativeReports.Count >= 3, "three reports arrived");
        Assert.Equal(expected, device.Emulator.Host.Mouse.RelativeReports.Select(HidTestDevice.Hex));
        Assert.Equal(0.5 + (300.0 / device.Emulator.Host.Screen.InputResolution.Width), device.Emulator.Host.Mouse.X, 6);
    }

    [Theory]
    [InlineData("2.4.x")]
    [InlineData("2.5.0")]
    public async Task Drag_StaysOnTheAbsolutePointer(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);

        await device.Client.Mouse.DragAsync(0.1, 0.2, 0.9, 0.8, cancellationToken: Ct);

        var host = device.Emulator.Host.Mouse;
        await HidTestDevice.WaitUntilAsync(() => host.Clicks(1) == 1 && host.Buttons == 0 && Math.Abs(host.X - 0.9) < 1e-4, "the drag ended");
        Assert.Empty(host.RelativeReports);
        var reports = host.AbsoluteReports;
        Assert.Equal(0x00, reports[0][0]);
        Assert.All(reports.Skip(1).Take(reports.Count - 2), r => Assert.Equal(0x01, r[0]));
        Assert.Equal(0x00, reports[^1][0]);
        Assert.Equal(0.8, host.Y, 4);
    }

    [Fact]
    public async Task DragBy_StaysOnTheRelativeMouse()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1");

        await device.Client.Mouse.DragByAsync(200, 0, MouseButton.Left, Ct);

        var host = device.Emulator.Host.Mouse;
        await HidTestDevice.WaitUntilAsync(() => host.RelativeReports.Count >= 4, "the drag ended");
        Assert.Equal(["01000000", "017F0000", "01490000", "00000000"], host.RelativeReports.Select(HidTestDevice.Hex));
        Assert.Empty(host.AbsoluteReports);
    }

    [Theory]
    [InlineData("2.4.x", "000000FD", -3)]
    [InlineData("2.3.1", "000000FF", -3)]
    public async Task Scroll_PositiveMeansDown(string profile, string firstReport, int wheelTotal)
    {
        await using var device = await HidTestDevice.StartAsync(profile);

        await device.Client.Mouse.ScrollAsync(3, cancellationToken: Ct);

        var host = device.Emulator.Host.Mouse;
        await HidTestDevice.WaitUntilAsync(() => host.WheelTotal == wheelTotal, "the wheel turned");
        Assert.Equal(firstReport, HidTestDevice.Hex(host.RelativeReports[0]));
    }

    [Fact]
    public async Task Scroll_AfterAnAbsoluteMove_KeepsThePosition()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.0");

        await device.Client.Mouse.MoveToAsync(0, 1, Ct);
        await device.Client.Mouse.ScrollAsync(-2, cancellationToken: Ct);

        var host = device.Emulator.Host.Mouse;
        await HidTestDevice.WaitUntilAsync(() => host.AbsoluteReports.Count >= 2, "the wheel report arrived");
        Assert.Equal("00 0000 FF7F 02".Replace(" ", string.Empty, StringComparison.Ordinal), HidTestDevice.Hex(host.AbsoluteReports[1]));
    }

    [Fact]
    public async Task BackAndForward_OnlyOnTheAbsolutePointerOfNewFirmware()
    {
        await using var legacy = await HidTestDevice.StartAsync("2.3.1");
        await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => legacy.Client.Mouse.ClickAsync(MouseButton.Back, cancellationToken: Ct));

        await using var device = await HidTestDevice.StartAsync("2.5.1");
        await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Mouse.ClickAsync(MouseButton.Forward, MouseMode.Relative, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => device.Client.Mouse.ClickAsync(MouseButton.Back, MouseMode.Absolute, Ct));
        Assert.Equal(0, legacy.Emulator.Requests.Count("/api/ws"));
        Assert.Equal(0, device.Emulator.Requests.Count("/api/ws"));

        await device.Client.Mouse.ClickAtAsync(0.5, 0.5, MouseButton.Back, Ct);
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Mouse.Clicks(8) == 1, "the back click arrived");
    }

    [Fact]
    public async Task BadCoordinates_FailBeforeAnythingIsSent()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1");
        var mouse = device.Client.Mouse;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => mouse.MoveToAsync(double.NaN, 0.5, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => mouse.MoveToAsync(0.5, -0.01, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => mouse.ClickAtAsync(1.5, 0.5, MouseButton.Left, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => mouse.DragAsync(0, 0, 0.5, double.PositiveInfinity, MouseButton.Left, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => mouse.MoveToPixelAsync(1920, 0, 1920, 1080, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => mouse.ClickAsync((MouseButton)3, cancellationToken: Ct));

        Assert.Equal(0, device.Emulator.Requests.Count("/api/ws"));
    }

    [Fact]
    public async Task MoveToPixel_MapsTheLastPixelToTheEdge()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1");

        await device.Client.Mouse.MoveToPixelAsync(1919, 1079, 1920, 1080, Ct);

        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Mouse.AbsoluteReports.Count == 1, "the move arrived");
        Assert.Equal("00FF7FFF7F00", HidTestDevice.Hex(device.Emulator.Host.Mouse.AbsoluteReports[0]));
    }
}
