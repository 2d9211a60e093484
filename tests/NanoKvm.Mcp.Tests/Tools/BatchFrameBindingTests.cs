using System.Text.Json;
using NanoKvm.Mcp.Tests.Infrastructure;
using NanoKvm.Mcp.Tests.Safety;

namespace NanoKvm.Mcp.Tests.Tools;

/// <summary>
/// nanokvm_batch bound to a frame (frame_id, force, verify_change_ms) against the emulator: what reaches the virtual
/// host is read from its own models, never from the tool's answer.
/// </summary>
public sealed class BatchFrameBindingTests
{
    private const string Dialog = "A dialog opened where you meant to click";

    [Fact]
    public async Task StaleFrame_RefusesTheWholeBatch_AndSendsNothing()
    {
        await using var mcp = await McpHarness.StartAsync();
        var frameId = await FullScreenshotAsync(mcp);
        mcp.Emulator.Host.Screen.Caption = Dialog; // the caption bar is where the batch clicks

        var refused = (await mcp.CallAsync("nanokvm_batch", new
        {
            frame_id = frameId,
            actions = new object[]
            {
                new { action = "click", x = 60, y = 10 },
                new { action = "type", text = "rm -rf" },
                new { action = "key", key = "Enter" },
            },
        })).ErrorText();

        Assert.Contains("nanokvm_batch refused", refused, StringComparison.Ordinal);
        Assert.Contains("the screen changed since that screenshot", refused, StringComparison.Ordinal);
        Assert.Contains("around the target of actions[0]", refused, StringComparison.Ordinal);
        Assert.Matches("current screen is frame_id f\\d+", refused);
        Assert.DoesNotContain($"frame_id {frameId};", refused, StringComparison.Ordinal);
        await mcp.FenceAsync();
        Assert.Equal(0, mcp.Emulator.Host.Mouse.Clicks(1));
        Assert.Empty(mcp.Emulator.Host.Keyboard.Reports);
        Assert.Equal(string.Empty, mcp.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task StaleFrame_AnyTargetCounts_TheEndOfADragToo()
    {
        await using var mcp = await McpHarness.StartAsync();
        var frameId = await FullScreenshotAsync(mcp);
        mcp.Emulator.Host.Screen.Caption = Dialog;

        var refused = (await mcp.CallAsync("nanokvm_batch", new
        {
            frame_id = frameId,
            actions = new object[]
            {
                new { action = "click", x = 700, y = 550 },
                new { action = "drag", x = 650, y = 500, to_x = 60, to_y = 10 },
            },
        })).ErrorText();

        Assert.Contains("around the target of actions[1] (end)", refused, StringComparison.Ordinal);
        await mcp.FenceAsync();
        Assert.Equal(0, mcp.Emulator.Host.Mouse.Clicks(1));
        Assert.Equal(0.5, mcp.Emulator.Host.Mouse.X); // the pointer never left where the emulator starts it
    }

    [Fact]
    public async Task StaleFrame_WithForce_RunsEveryStep_AndReportsTheChange()
    {
        await using var mcp = await McpHarness.StartAsync();
        var frameId = await FullScreenshotAsync(mcp);
        mcp.Emulator.Host.Screen.Caption = Dialog;

        var result = (await mcp.CallAsync("nanokvm_batch", new
        {
            frame_id = frameId,
            force = true,
            actions = new object[] { new { action = "click", x = 60, y = 10 }, new { action = "type", text = "forced" } },
        })).Structured();

        Assert.Equal(2, result.GetProperty("completed").GetInt32());
        var check = result.GetProperty("frame_check");
        Assert.Equal(frameId, check.GetProperty("frame_id").GetString());
        Assert.True(check.GetProperty("changed").GetBoolean());
        Assert.True(check.GetProperty("forced").GetBoolean());
        Assert.InRange(check.GetProperty("changed_fraction").GetDouble(), 0.02, 1);
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Clicks(1) == 1));
        Assert.Equal(60.0 / 799, mcp.Emulator.Host.Mouse.X, 0.01);
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript == "forced"), mcp.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task FreshFrame_RunsTheBatch_AndVerifySeesTheScreenChange()
    {
        await using var mcp = await McpHarness.StartAsync();
        var frameId = await FullScreenshotAsync(mcp);
        await mcp.CallAsync("nanokvm_type_text", new { text = "x" }); // changes the text area only, far from the targets

        var result = (await mcp.CallAsync("nanokvm_batch", new
        {
            frame_id = frameId,
            verify_change_ms = 2000,
            actions = new object[]
            {
                new { action = "move", x = 700, y = 550 },
                new { action = "click" }, // where the move put the pointer, which the check covered
                new { action = "type", text = "ok" },
            },
        })).Structured();

        Assert.Equal(3, result.GetProperty("completed").GetInt32());
        var check = result.GetProperty("frame_check");
        Assert.False(check.GetProperty("changed").GetBoolean());
        Assert.False(check.GetProperty("forced").GetBoolean());
        Assert.InRange(check.GetProperty("changed_fraction").GetDouble(), 0, 0.02);
        Assert.Matches("^f\\d+$", check.GetProperty("current_frame_id").GetString());
        Assert.NotEqual(frameId, check.GetProperty("current_frame_id").GetString());
        Assert.True(result.GetProperty("verify").GetProperty("changed").GetBoolean());
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Mouse.Clicks(1) == 1));
        Assert.Equal(700.0 / 799, mcp.Emulator.Host.Mouse.X, 0.01);
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript == "xok"), mcp.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task UnknownFrameId_IsRefusedClearly_AndSendsNothing()
    {
        await using var mcp = await McpHarness.StartAsync();
        await FullScreenshotAsync(mcp);

        var refused = (await mcp.CallAsync("nanokvm_batch", new
        {
            frame_id = "f999",
            actions = new object[] { new { action = "click", x = 100, y = 100 }, new { action = "key", key = "Enter" } },
        })).ErrorText();

        Assert.Contains("frame_id f999 is unknown or too old", refused, StringComparison.Ordinal);
        Assert.Contains("nanokvm_screenshot", refused, StringComparison.Ordinal);
        await mcp.FenceAsync();
        Assert.Equal(0, mcp.Emulator.Host.Mouse.Clicks(1));
        Assert.Empty(mcp.Emulator.Host.Keyboard.Reports);
    }

    [Theory]
    [InlineData("""[{"action":"click"},{"action":"move","x":10,"y":10}]""", "actions[0] clicks where the pointer is")]
    [InlineData("""[{"action":"click","x":10,"y":10},{"action":"move_relative","dx":5,"dy":5},{"action":"click_relative"}]""", "actions[2] clicks where the pointer is")]
    [InlineData("""[{"action":"key","key":"a"},{"action":"scroll","amount":1}]""", "needs a step with a screen position")]
    public async Task FrameId_ThatCannotCheckEveryClick_IsAnArgumentError(string steps, string expected)
    {
        await using var mcp = await McpHarness.StartAsync();
        var frameId = await FullScreenshotAsync(mcp);
        var args = new Dictionary<string, object?> { ["frame_id"] = frameId, ["actions"] = JsonDocument.Parse(steps).RootElement.Clone() };

        var text = (await mcp.Client.CallToolAsync("nanokvm_batch", args, cancellationToken: TestContext.Current.CancellationToken)).ErrorText();

        Assert.Contains("invalid argument 'frame_id'", text, StringComparison.Ordinal);
        Assert.Contains(expected, text, StringComparison.Ordinal);
        await mcp.FenceAsync();
        Assert.Equal(0, mcp.Emulator.Host.Mouse.Clicks(1));
        Assert.Empty(mcp.Emulator.Host.Keyboard.Reports);
    }

    [Fact]
    public async Task WithoutFrameId_FrameCheckAndVerifyAreNull()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_batch", new { actions = new object[] { new { action = "key", key = "a" } } })).Structured();

        Assert.Equal(JsonValueKind.Null, result.GetProperty("frame_check").ValueKind);
        Assert.Equal(JsonValueKind.Null, result.GetProperty("verify").ValueKind);
    }

    private static async Task<string> FullScreenshotAsync(McpHarness mcp)
    {
        var shot = (await mcp.CallAsync("nanokvm_screenshot", new { max_width = 0, max_height = 0 })).Structured();
        return shot.GetProperty("frame_id").GetString()!;
    }
}
