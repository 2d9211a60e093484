using NanoKvm.Emulator.Host.Screen;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

/// <summary>The OCR tools against the emulator's screen with the real Tesseract, checked through the host model.</summary>
public sealed class TextToolsTests
{
    [Fact]
    public async Task ReadText_FindsTypedText_WithBoxesInScreenshotPixels()
    {
        await using var mcp = await McpHarness.StartAsync();
        await mcp.CallAsync("nanokvm_type_text", new { text = "typed by the agent" });

        var result = (await mcp.CallAsync("nanokvm_read_text")).Structured();

        Assert.Contains("typed by the agent", result.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Equal(800, result.GetProperty("width").GetInt32());
        Assert.StartsWith("f", result.GetProperty("frame_id").GetString(), StringComparison.Ordinal);
        var line = result.GetProperty("lines").EnumerateArray().Single(l => l.GetProperty("text").GetString()!.Contains("agent", StringComparison.Ordinal));
        var box = line.GetProperty("box").EnumerateArray().Select(v => v.GetInt32()).ToArray();
        Assert.InRange(box[0] + box[2], 1, 800);
        Assert.InRange(box[1] + box[3], 1, 600);
    }

    [Fact]
    public async Task ClickText_ClicksTheCentreOfTheMatch()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulator: e => e.Scene = ScreenScene.BiosSetup);
        var found = (await mcp.CallAsync("nanokvm_find_text", new { text = "Network" })).Structured();
        var match = Assert.Single(found.GetProperty("matches").EnumerateArray());
        var box = match.GetProperty("box").EnumerateArray().Select(v => v.GetInt32()).ToArray();

        var result = (await mcp.CallAsync("nanokvm_click_text", new { text = "Network" })).Structured();

        Assert.Equal("click_text", result.GetProperty("action").GetString());
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Clicks(1) == 1));
        var x = mcp.Emulator.Host.Mouse.X * 800;
        var y = mcp.Emulator.Host.Mouse.Y * 600;
        Assert.InRange(x, box[0] + box[2] * 0.25, box[0] + box[2] * 0.75);
        Assert.InRange(y, box[1], box[1] + box[3]);
    }

    [Fact]
    public async Task ClickText_NotOnScreen_IsRefusedAndClicksNothing()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_click_text", new { text = "Install now" })).ErrorText();

        Assert.Contains("refused", text, StringComparison.Ordinal);
        Assert.Contains("not on screen", text, StringComparison.Ordinal);
        Assert.Equal(0, mcp.Emulator.Host.Mouse.Clicks(1));
    }

    [Fact]
    public async Task ClickText_Ambiguous_IsRefusedUnlessAnIndexIsGiven()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulator: e => e.Scene = ScreenScene.BiosSetup);

        var text = (await mcp.CallAsync("nanokvm_click_text", new { text = "Boot Option" })).ErrorText();
        Assert.Contains("2 times", text, StringComparison.Ordinal);
        Assert.Equal(0, mcp.Emulator.Host.Mouse.Clicks(1));

        await mcp.CallAsync("nanokvm_click_text", new { text = "Boot Option", index = 1 });
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Clicks(1) == 1));
    }

    [Fact]
    public async Task WaitForText_SeesTextTypedAfterTheCallStarted()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulator: e => e.Scene = ScreenScene.LoginPrompt);

        var waiting = mcp.CallAsync("nanokvm_wait_for_text", new { text = "Welcome", timeout_ms = 60_000 });
        await Task.Delay(500, TestContext.Current.CancellationToken);
        Assert.False(waiting.IsCompleted);
        await mcp.CallAsync("nanokvm_type_text", new { text = "admin\nWelcome to Ubuntu" });
        var result = (await waiting).Structured();

        Assert.True(result.GetProperty("found").GetBoolean());
        Assert.Equal("Welcome", result.GetProperty("matches")[0].GetProperty("text").GetString());
    }

    [Fact]
    public async Task WaitForText_Timeout_IsFoundFalseNotAnError()
    {
        await using var mcp = await McpHarness.StartAsync();

        var call = await mcp.CallAsync("nanokvm_wait_for_text", new { regex = @"Installation\s+complete", timeout_ms = 1500 });

        Assert.NotEqual(true, call.IsError);
        var result = call.Structured();
        Assert.False(result.GetProperty("found").GetBoolean());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, result.GetProperty("frame_id").ValueKind);
    }

    [Fact]
    public async Task StaleFrameId_RefusesTheClick_ForceClicksAnyway()
    {
        await using var mcp = await McpHarness.StartAsync();
        var shot = (await mcp.CallAsync("nanokvm_screenshot", new { max_width = 0, max_height = 0 })).Structured();
        var frameId = shot.GetProperty("frame_id").GetString();
        mcp.Emulator.Host.Screen.Caption = "A dialog opened where you meant to click";

        var refused = (await mcp.CallAsync("nanokvm_click", new { x = 60, y = 10, frame_id = frameId })).ErrorText();

        Assert.Contains("the screen changed since that screenshot", refused, StringComparison.Ordinal);
        Assert.Matches("frame_id f\\d+", refused);
        Assert.Equal(0, mcp.Emulator.Host.Mouse.Clicks(1));

        var forced = (await mcp.CallAsync("nanokvm_click", new { x = 60, y = 10, frame_id = frameId, force = true })).Structured();
        Assert.True(forced.GetProperty("frame_check").GetProperty("changed").GetBoolean());
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Clicks(1) == 1));
    }

    [Fact]
    public async Task FrameId_UnchangedAroundTheTarget_Clicks_AndVerifyReportsNoChange()
    {
        await using var mcp = await McpHarness.StartAsync();
        var shot = (await mcp.CallAsync("nanokvm_screenshot", new { max_width = 0, max_height = 0 })).Structured();
        var frameId = shot.GetProperty("frame_id").GetString();
        await mcp.CallAsync("nanokvm_type_text", new { text = "x" }); // changes the text area, far from the click

        var result = (await mcp.CallAsync("nanokvm_tap", new { x = 700, y = 550, frame_id = frameId, verify_change_ms = 300 })).Structured();

        Assert.False(result.GetProperty("frame_check").GetProperty("changed").GetBoolean());
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Clicks(1) == 1));
        // The pointer moved to the tap, so the screen (which draws the pointer) changed after acting.
        Assert.True(result.GetProperty("verify").GetProperty("changed").GetBoolean());
    }
}
