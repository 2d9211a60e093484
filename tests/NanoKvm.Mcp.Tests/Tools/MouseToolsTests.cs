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
    public async Task Move_InPixelsBeforeAnyScreenshot_AsksForOne()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_move", new { x = 10, y = 10 })).ErrorText();

        Assert.Contains("nanokvm_screenshot first", text, StringComparison.Ordinal);
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
