using NanoKvm.Emulator.Firmware;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Pro;

/// <summary>The MCP tools against the emulator's NanoKVM-Pro 1.2.15: each works, or says clearly why not.</summary>
public sealed class ProToolsTests
{
    [Fact]
    public async Task InfoAndHardware_ShowTheProModel()
    {
        await using var mcp = await McpHarness.StartAsync(FirmwareProfile.Pro_1_2_15);

        var info = (await mcp.CallAsync("nanokvm_info")).Structured();
        var hardware = (await mcp.CallAsync("nanokvm_hardware")).Structured();

        Assert.Equal("pro", info.GetProperty("model").GetString());
        Assert.Equal("1.2.15", info.GetProperty("firmware").GetString());
        Assert.Equal("NxaL01507", info.GetProperty("part_number").GetString());
        Assert.Equal("pro", hardware.GetProperty("generation").GetString());
    }

    [Fact]
    public async Task Typing_Paste_AndOtherLayoutsOverTheWebSocket_Work()
    {
        await using var mcp = await McpHarness.StartAsync(FirmwareProfile.Pro_1_2_15);

        var us = (await mcp.CallAsync("nanokvm_send_text", new { text = "hello" })).Structured();
        var de = (await mcp.CallAsync("nanokvm_send_text", new { text = "z", language = "de" })).Structured();

        Assert.Equal("paste", us.GetProperty("method").GetString());
        Assert.Equal("websocket", de.GetProperty("method").GetString());
        Assert.Equal(1, mcp.Emulator.Requests.Count("/api/hid/paste", "POST"));
    }

    [Fact]
    public async Task ScreenshotMediaAndHdmiStatus_Work()
    {
        await using var mcp = await McpHarness.StartAsync(FirmwareProfile.Pro_1_2_15);

        var shot = await mcp.CallAsync("nanokvm_screenshot");
        var images = (await mcp.CallAsync("nanokvm_list_images")).Structured();
        await mcp.CallAsync("nanokvm_mount_iso", new { file = "/data/ubuntu-24.04-live-server-amd64.iso" });
        var mounted = (await mcp.CallAsync("nanokvm_mounted_image")).Structured();
        var hdmi = (await mcp.CallAsync("nanokvm_hdmi_status")).Structured();

        Assert.NotEqual(true, shot.IsError);
        Assert.True(images.GetProperty("images").GetArrayLength() >= 2);
        Assert.True(mounted.GetProperty("as_cdrom").GetBoolean());
        Assert.True(hdmi.GetProperty("enabled").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, hdmi.GetProperty("signal").ValueKind);
        Assert.True(mcp.Emulator.Encoder.IsMjpeg);
    }

    [Theory]
    [InlineData("nanokvm_keyboard_leds", "{}")]
    [InlineData("nanokvm_hdmi_reset", "{}")]
    [InlineData("nanokvm_screen_settings", """{"resolution":"1280x720"}""")]
    [InlineData("nanokvm_screen_settings", """{"frame_detection":false}""")]
    [InlineData("nanokvm_cancel_download", "{}")]
    public async Task FeaturesThePro_Lacks_SayWhyNamingTheDevice(string tool, string arguments)
    {
        await using var mcp = await McpHarness.StartAsync(FirmwareProfile.Pro_1_2_15);

        var error = (await mcp.CallAsync(tool, System.Text.Json.JsonDocument.Parse(arguments).RootElement)).ErrorText();

        Assert.Contains("NanoKVM-Pro 1.2.15", error, StringComparison.Ordinal);
    }
}
