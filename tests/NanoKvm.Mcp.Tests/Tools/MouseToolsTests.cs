using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

public sealed class MouseToolsTests
{
    private static async Task<McpHarness> StartWithScreenshotAsync(int maxWidth = 0)
    {
        var mcp = await McpHarness.StartAsync();
        await mcp.CallAsync("nanokvm_screenshot", new { max_width = maxWidth, max_height = 0 });
        return mcp;
    }

    [Fact]
    public async Task Click_AtScreenshotPixels_LandsThere()
    {
        await using var mcp = await StartWithScreenshotAsync();

        await mcp.CallAsync("nanokvm_click", new { x = 200, y = 450 });

        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Clicks(1) == 1));
        Assert.Equal(200.5 / 800, mcp.Emulator.Host.Mouse.X, 2);
        Assert.Equal(450.5 / 600, mcp.Emulator.Host.Mouse.Y, 2);
    }

    [Fact]
    public async Task Click_OnAHalfSizeScreenshot_IsScaledBackToTheScreen()
    {
        await using var mcp = await StartWithScreenshotAsync(maxWidth: 400);

        var result = (await mcp.CallAsync("nanokvm_tap", new { x = 100, y = 150 })).Structured();

        Assert.Equal(201.0 / 800, result.GetProperty("screen_x").GetDouble(), 3);
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Clicks(1) == 1));
        Assert.Equal(0.25, mcp.Emulator.Host.Mouse.X, 2);
    }

    [Fact]
    public async Task Click_WithoutCoordinates_ClicksWhereThePointerIs()
    {
        await using var mcp = await StartWithScreenshotAsync();
        await mcp.CallAsync("nanokvm_move", new { x = 0.75, y = 0.25, normalized = true });

        await mcp.CallAsync("nanokvm_click", new { button = "right" });

        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Clicks(2) == 1));
        Assert.Equal(0.75, mcp.Emulator.Host.Mouse.X, 2);
    }

    [Fact]
    public async Task Click_WithOnlyX_IsRejected()
    {
        await using var mcp = await StartWithScreenshotAsync();

        var text = (await mcp.CallAsync("nanokvm_click", new { x = 10 })).ErrorText();

        Assert.Contains("invalid argument 'y'", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_OutsideTheScreenshot_IsRejectedWithItsSize()
    {
        await using var mcp = await StartWithScreenshotAsync();

        var text = (await mcp.CallAsync("nanokvm_move", new { x = 800, y = 10 })).ErrorText();

        Assert.Contains("invalid argument 'x'", text, StringComparison.Ordinal);
        Assert.Contains("800x600", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Move_InPixelsBeforeAnyScreenshot_UsesTheDevicesCaptureSize_AndSaysSo()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_move", new { x = 200, y = 450 })).Structured();

        var coordinates = result.GetProperty("coordinates");
        Assert.Equal("capture_size", coordinates.GetProperty("reference").GetString());
        Assert.Equal(800, coordinates.GetProperty("width").GetInt32());
        Assert.Equal(600, coordinates.GetProperty("height").GetInt32());
        Assert.Contains("800x600 screen as the device captures it now", result.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(await Eventually.TrueAsync(() => Math.Abs(mcp.Emulator.Host.Mouse.X - (200.5 / 800)) < 0.01));
        Assert.Equal(450.5 / 600, mcp.Emulator.Host.Mouse.Y, 2);
    }

    [Fact]
    public async Task Pixels_BeforeAnyScreenshot_OutsideTheCaptureSize_AreRejectedWithIt()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_click", new { x = 1000, y = 10 })).ErrorText();

        Assert.Contains("invalid argument 'x'", text, StringComparison.Ordinal);
        Assert.Contains("800x600 screen as the device captures it now", text, StringComparison.Ordinal);
        Assert.Empty(mcp.Emulator.Host.Mouse.AbsoluteReports);
    }

    [Fact]
    public async Task Pixels_BeforeAnyScreenshot_WithoutASignal_AreRefusedSayingWhy_AndNothingIsSent()
    {
        await using var mcp = await McpHarness.StartAsync();
        mcp.Emulator.Host.Screen.HasSignal = false;

        var text = (await mcp.CallAsync("nanokvm_click", new { x = 10, y = 10 })).ErrorText();

        Assert.Contains("invalid argument 'x'", text, StringComparison.Ordinal);
        Assert.Contains("capture size could not be learned", text, StringComparison.Ordinal);
        Assert.Contains("nanokvm_screenshot first", text, StringComparison.Ordinal);
        Assert.Empty(mcp.Emulator.Host.Mouse.AbsoluteReports);

        // Fractions need no size.
        Assert.Equal("fractions", (await mcp.CallAsync("nanokvm_click", new { x = 0.5, y = 0.5, normalized = true })).Structured().GetProperty("coordinates").GetProperty("reference").GetString());
    }

    [Fact]
    public async Task CaptureSize_IsLearnedAgain_AfterTheDeviceReportsAResolutionChange()
    {
        await using var mcp = await McpHarness.StartAsync();
        var first = (await mcp.CallAsync("nanokvm_move", new { x = 10, y = 10 })).Structured();
        Assert.Equal(800, first.GetProperty("coordinates").GetProperty("width").GetInt32());

        // The target switches mode; the device pushes "changing resolution" (capture result -4) over the HID socket.
        mcp.Emulator.Host.Screen.SetInputResolution(1024, 768);
        NanoKvm.Emulator.Hid.HidDevice.Of(mcp.Emulator).PublishCaptureStatus("mjpeg", ok: false, result: -4, "changing resolution", "warning");
        Assert.True(await Eventually.TrueAsync(() => mcp.Registry.Default.Screen.NeedsCaptureSize), "the push made the server forget the size");

        var second = (await mcp.CallAsync("nanokvm_move", new { x = 1000, y = 700 })).Structured();

        Assert.Equal("capture_size", second.GetProperty("coordinates").GetProperty("reference").GetString());
        Assert.Equal(1024, second.GetProperty("coordinates").GetProperty("width").GetInt32());
        Assert.True(await Eventually.TrueAsync(() => Math.Abs(mcp.Emulator.Host.Mouse.X - (1000.5 / 1024)) < 0.01));
    }

    [Fact]
    public async Task AfterAScreenshot_ItsPixelsWin_AndTheResultSaysSo()
    {
        await using var mcp = await StartWithScreenshotAsync(maxWidth: 400);

        var coordinates = (await mcp.CallAsync("nanokvm_move", new { x = 10, y = 10 })).Structured().GetProperty("coordinates");

        Assert.Equal("screenshot", coordinates.GetProperty("reference").GetString());
        Assert.Equal(400, coordinates.GetProperty("width").GetInt32());
        Assert.Equal(300, coordinates.GetProperty("height").GetInt32());
    }

    [Fact]
    public async Task Batch_PixelStepsBeforeAnyScreenshot_UseTheCaptureSize()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_batch", new { actions = new object[] { new { action = "click", x = 400, y = 300 }, new { action = "move", x = 0.1, y = 0.1, normalized = true } } })).Structured();

        Assert.Equal(2, result.GetProperty("completed").GetInt32());
        Assert.Equal("capture_size", result.GetProperty("coordinates").GetProperty("reference").GetString());
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Clicks(1) == 1));
    }

    [Fact]
    public async Task DoubleClick_And_Drag_Work()
    {
        await using var mcp = await StartWithScreenshotAsync();

        await mcp.CallAsync("nanokvm_double_click", new { x = 100, y = 100 });
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Clicks(1) == 2));

        await mcp.CallAsync("nanokvm_drag", new { x = 100, y = 100, to_x = 700, to_y = 500 });
        Assert.True(await Eventually.TrueAsync(() => Math.Abs(mcp.Emulator.Host.Mouse.X - (700.5 / 800)) < 0.01));
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Buttons == 0));
    }

    [Fact]
    public async Task Scroll_SendsTheWheel_AndZeroIsRejected()
    {
        await using var mcp = await StartWithScreenshotAsync();

        await mcp.CallAsync("nanokvm_scroll", new { amount = 3 });
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.WheelTotal != 0));

        var text = (await mcp.CallAsync("nanokvm_scroll", new { amount = 0 })).ErrorText();
        Assert.Contains("invalid argument 'amount'", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RelativeTools_UseTheRelativeMouse()
    {
        await using var mcp = await McpHarness.StartAsync();

        await mcp.CallAsync("nanokvm_move_relative", new { dx = 300, dy = -20 });
        await mcp.CallAsync("nanokvm_click_relative", new { button = "left" });
        await mcp.CallAsync("nanokvm_drag_relative", new { dx = 10, dy = 10 });

        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.RelativeReports.Count >= 5));
        Assert.Empty(mcp.Emulator.Host.Mouse.AbsoluteReports);
    }

    [Fact]
    public async Task ClickRelative_WithBackButton_IsRejected()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_click_relative", new { button = "back" })).ErrorText();

        Assert.Contains("invalid argument 'button'", text, StringComparison.Ordinal);
    }
}
