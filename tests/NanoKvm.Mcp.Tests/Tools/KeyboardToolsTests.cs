using NanoKvm.Emulator.Firmware;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

public sealed class KeyboardToolsTests
{
    [Theory]
    [InlineData("us")]
    [InlineData("")]
    public async Task SendText_PastesThroughTheDevice_AndTheHostReceivesIt(string language)
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_send_text", new { text = "hello World 42!", language })).Structured();

        Assert.Equal("paste", result.GetProperty("method").GetString());
        Assert.Equal(15, result.GetProperty("typed").GetInt32());
        Assert.Empty(result.GetProperty("skipped").EnumerateArray());
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript.Contains("hello World 42!", StringComparison.Ordinal)), mcp.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task SendText_LongerThanOnePaste_IsChunked()
    {
        await using var mcp = await McpHarness.StartAsync();
        var text = new string('a', 2000);

        var result = (await mcp.CallAsync("nanokvm_send_text", new { text })).Structured();

        Assert.Equal(2000, result.GetProperty("typed").GetInt32());
        Assert.True(mcp.Emulator.Requests.Count("/api/hid/paste", "POST") >= 3);
    }

    [Fact]
    public async Task SendText_ReportsCharactersTheLayoutCannotType()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_send_text", new { text = "a€b" })).Structured();

        Assert.Contains("€", result.GetProperty("skipped").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("skipped", result.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendText_UkLayout_TypesKeyByKey()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulator: o => o.HostKeyboardLayout = "uk");

        var result = (await mcp.CallAsync("nanokvm_send_text", new { text = "£5 @home", language = "uk" })).Structured();

        Assert.Equal("websocket", result.GetProperty("method").GetString());
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript.Contains("£5 @home", StringComparison.Ordinal)), mcp.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task SendText_UnknownLanguage_IsRejectedBeforeAnythingIsSent()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_send_text", new { text = "x", language = "klingon" })).ErrorText();

        Assert.Contains("invalid argument 'language'", text, StringComparison.Ordinal);
        Assert.Equal(0, mcp.Emulator.Requests.Count("/api/hid"));
    }

    [Fact]
    public async Task TypeText_TypesOverTheWebSocket_WithTheLayout()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulator: o => o.HostKeyboardLayout = "de");

        var result = (await mcp.CallAsync("nanokvm_type_text", new { text = "Grüße @Zürich", layout = "de" })).Structured();

        Assert.Equal("websocket", result.GetProperty("method").GetString());
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript.Contains("Grüße @Zürich", StringComparison.Ordinal)), mcp.Emulator.Host.Keyboard.Transcript);
        Assert.Equal(0, mcp.Emulator.Requests.Count("/api/hid/paste"));
    }

    [Theory]
    [InlineData("enter", false, "Enter")]
    [InlineData("a", true, "Ctrl+KeyA")]
    [InlineData("Ctrl+Alt+Delete", false, "Ctrl+Alt+Delete")]
    [InlineData("up", false, "ArrowUp")]
    public async Task SendKey_AcceptsReferenceNamesAndChords(string key, bool ctrl, string expected)
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_send_key", new { key, ctrl })).Structured();

        Assert.Equal(expected, result.GetProperty("chords")[0].GetString());
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Reports.Count >= 2));
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.NothingHeld));
    }

    [Fact]
    public async Task SendKey_ShiftedPunctuation_AddsShift()
    {
        await using var mcp = await McpHarness.StartAsync();

        await mcp.CallAsync("nanokvm_send_key", new { key = "!" });

        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript.Contains('!', StringComparison.Ordinal)), mcp.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task SendKey_UnknownKey_IsAToolErrorNamingKey_AndNothingIsSent()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_send_key", new { key = "Hyper" })).ErrorText();

        Assert.Contains("invalid argument 'key'", text, StringComparison.Ordinal);
        Assert.Empty(mcp.Emulator.Host.Keyboard.Reports);
    }

    [Fact]
    public async Task PressKeys_ValidatesAllChordsFirst()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_press_keys", new { keys = new[] { "Down", "Nope", "Enter" } })).ErrorText();

        Assert.Contains("keys[1]", text, StringComparison.Ordinal);
        Assert.Empty(mcp.Emulator.Host.Keyboard.Reports);
    }

    [Fact]
    public async Task PressKeys_PressesInOrder_AndHolds()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_press_keys", new { keys = new[] { "h", "i", "Enter" }, hold_ms = 20 })).Structured();

        Assert.Equal(20, result.GetProperty("hold_ms").GetInt32());
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Transcript.Contains("hi\n", StringComparison.Ordinal)), mcp.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task KeyboardLeds_ReportsCapsLock()
    {
        await using var mcp = await McpHarness.StartAsync();
        mcp.Emulator.Host.Keyboard.SetLeds(numLock: true, capsLock: true, scrollLock: false);

        var result = (await mcp.CallAsync("nanokvm_keyboard_leds")).Structured();

        Assert.True(result.GetProperty("caps_lock").GetBoolean());
        Assert.True(result.GetProperty("num_lock").GetBoolean());
    }

    [Fact]
    public async Task KeyboardLeds_OnOldFirmware_IsAnUnsupportedToolError()
    {
        await using var mcp = await McpHarness.StartAsync(FirmwareProfile.V2_4);

        var text = (await mcp.CallAsync("nanokvm_keyboard_leds")).ErrorText();

        Assert.Contains("firmware does not offer that", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReleaseAll_SendsEmptyReports()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_release_all")).Structured();

        Assert.Contains("Released", result.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(await Eventually.TrueAsync(() => mcp.Emulator.Host.Keyboard.Reports.Count >= 1));
        Assert.True(mcp.Emulator.Host.Keyboard.NothingHeld);
    }

    [Fact]
    public async Task ResetHid_ResetsTheUsbSide()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_reset_hid")).Structured();

        Assert.Contains("re-plugged", result.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, mcp.Emulator.Requests.Count("/api/hid/reset", "POST"));
    }
}
