using ModelContextProtocol.Protocol;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Imaging.Jpeg;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

public sealed class ScreenToolsTests
{
    private static ImageContentBlock Image(CallToolResult result) => Assert.Single(result.Content.OfType<ImageContentBlock>());

    [Fact]
    public async Task Screenshot_ThatFits_PassesTheDeviceJpegThrough_WithItsSize()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = await mcp.CallAsync("nanokvm_screenshot");

        var meta = result.Structured();
        var image = Image(result);
        Assert.Equal("image/jpeg", image.MimeType);
        var info = JpegDecoder.ReadInfo(image.DecodedData.Span);
        Assert.Equal((800, 600), (info.Width, info.Height));
        Assert.Equal(800, meta.GetProperty("width").GetInt32());
        Assert.Equal(600, meta.GetProperty("height").GetInt32());
        Assert.Equal(1.0, meta.GetProperty("scale").GetDouble());
        Assert.False(meta.GetProperty("reencoded").GetBoolean());
    }

    [Fact]
    public async Task Screenshot_LargerThanTheLimits_IsDownscaled_AndReportsTheScale()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = await mcp.CallAsync("nanokvm_screenshot", new { max_width = 400, max_height = 400, quality = 60 });

        var meta = result.Structured();
        var info = JpegDecoder.ReadInfo(Image(result).DecodedData.Span);
        Assert.Equal((400, 300), (info.Width, info.Height));
        Assert.Equal(400, meta.GetProperty("width").GetInt32());
        Assert.Equal(0.5, meta.GetProperty("scale").GetDouble());
        Assert.Equal(800, meta.GetProperty("screen_width").GetInt32());
        Assert.True(meta.GetProperty("reencoded").GetBoolean());
    }

    [Fact]
    public async Task Screenshot_Crop_ShowsTheRegionAtFullResolution_AndBecomesTheCoordinateReference()
    {
        await using var mcp = await McpHarness.StartAsync();
        await mcp.CallAsync("nanokvm_screenshot", new { max_width = 400, max_height = 300 });

        // In the half-size screenshot, (100, 50) 200x150 is the frame's (200, 100) 400x300.
        var result = await mcp.CallAsync("nanokvm_screenshot", new { crop_x = 100, crop_y = 50, crop_width = 200, crop_height = 150, max_width = 0, max_height = 0 });

        var meta = result.Structured();
        Assert.Equal([200, 100, 400, 300], meta.GetProperty("region").EnumerateArray().Select(e => e.GetInt32()));
        var info = JpegDecoder.ReadInfo(Image(result).DecodedData.Span);
        Assert.Equal((400, 300), (info.Width, info.Height));
        var view = mcp.Registry.Default.Screen.Latest!;
        Assert.Equal(new NanoKvm.Mcp.Devices.PixelRect(200, 100, 400, 300), view.Region);
        var (x, y) = mcp.Registry.Default.Screen.ToFrameFraction(0, 0, normalized: false);
        Assert.Equal(200.5 / 800, x, 6);
        Assert.Equal(100.5 / 600, y, 6);
    }

    [Fact]
    public async Task Screenshot_PartialCrop_IsRejectedNamingTheMissingArgument()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_screenshot", new { crop_x = 1, crop_y = 1, crop_width = 10 })).ErrorText();

        Assert.Contains("invalid argument 'crop_height'", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("max_width", 8)]
    [InlineData("quality", 0)]
    [InlineData("quality", 101)]
    public async Task Screenshot_BadLimits_AreRejected(string name, int value)
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_screenshot", new Dictionary<string, int> { [name] = value })).ErrorText();

        Assert.Contains($"invalid argument '{name}'", text, StringComparison.Ordinal);
        Assert.Equal(0, mcp.Emulator.Requests.Count("/api/stream"));
    }

    [Fact]
    public async Task HdmiStatus_ReportsSignal_AndReset_Works()
    {
        await using var mcp = await McpHarness.StartAsync();

        var status = (await mcp.CallAsync("nanokvm_hdmi_status")).Structured();
        Assert.True(status.GetProperty("enabled").GetBoolean());
        Assert.True(status.GetProperty("signal").GetBoolean());

        var reset = (await mcp.CallAsync("nanokvm_hdmi_reset")).Structured();
        Assert.Equal(1, mcp.Emulator.Requests.Count("/api/vm/hdmi/reset", "POST"));
        Assert.Contains("reset", reset.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task HdmiStatus_OnOlderFirmware_HasNoSignalField()
    {
        await using var mcp = await McpHarness.StartAsync(FirmwareProfile.V2_4);

        var status = (await mcp.CallAsync("nanokvm_hdmi_status")).Structured();

        Assert.False(status.TryGetProperty("signal", out var signal) && signal.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.Contains("does not report", status.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WaitForChange_ReturnsFalseWithoutError_WhenNothingChanges()
    {
        await using var mcp = await McpHarness.StartAsync();
        await mcp.CallAsync("nanokvm_screenshot");

        var result = await mcp.CallAsync("nanokvm_wait_for_change", new { timeout_ms = 300, screenshot = false });

        var meta = result.Structured();
        Assert.False(meta.GetProperty("happened").GetBoolean());
        Assert.Empty(result.Content.OfType<ImageContentBlock>());
    }

    [Fact]
    public async Task WaitForChange_SeesAChangeSinceTheLastScreenshot()
    {
        await using var mcp = await McpHarness.StartAsync();
        await mcp.CallAsync("nanokvm_screenshot");
        mcp.Emulator.Host.Screen.Caption = "Something new";

        var result = await mcp.CallAsync("nanokvm_wait_for_change", new { timeout_ms = 10_000 });

        Assert.True(result.Structured().GetProperty("happened").GetBoolean());
        Assert.Single(result.Content.OfType<ImageContentBlock>());
    }

    [Fact]
    public async Task WaitForStable_ReturnsTheSettledScreen()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = await mcp.CallAsync("nanokvm_wait_for_stable", new { stable_ms = 200, timeout_ms = 10_000 });

        var meta = result.Structured();
        Assert.True(meta.GetProperty("happened").GetBoolean());
        Assert.Equal(800, meta.GetProperty("screenshot").GetProperty("width").GetInt32());
    }

    [Fact]
    public async Task WaitForStable_TimeoutShorterThanStable_IsRejected()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_wait_for_stable", new { stable_ms = 2000, timeout_ms = 1000 })).ErrorText();

        Assert.Contains("invalid argument 'timeout_ms'", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ScreenSettings_AppliesEachGivenSetting()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_screen_settings", new { resolution = "1280x720", stream_quality = 60, fps = 30, frame_detection = false })).Structured();

        Assert.Equal(["resolution=1280x720", "stream_quality=60", "fps=30", "frame_detection=false"],
            result.GetProperty("applied").EnumerateArray().Select(e => e.GetString()));
        Assert.False(mcp.Emulator.Host.Screen.FrameDetection);
    }

    [Theory]
    [InlineData("""{}""", "Give at least one")]
    [InlineData("""{"stream_quality":70}""", "stream_quality")]
    [InlineData("""{"resolution":"4k"}""", "resolution")]
    public async Task ScreenSettings_BadArguments_AreRejectedBeforeAnythingIsSent(string json, string expected)
    {
        await using var mcp = await McpHarness.StartAsync();
        var args = System.Text.Json.JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone());

        var result = await mcp.Client.CallToolAsync("nanokvm_screen_settings", args, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains(expected, result.ErrorText(), StringComparison.Ordinal);
        Assert.Equal(0, mcp.Emulator.Requests.Count("/api/vm/screen"));
    }
}
