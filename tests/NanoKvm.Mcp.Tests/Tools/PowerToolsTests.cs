using NanoKvm.Emulator.Host;
using NanoKvm.Mcp.Tests.Infrastructure;

namespace NanoKvm.Mcp.Tests.Tools;

public sealed class PowerToolsTests
{
    [Theory]
    [InlineData("power", AtxButton.Power, 800)]
    [InlineData("power_long", AtxButton.Power, 5000)]
    [InlineData("reset", AtxButton.Reset, 800)]
    public async Task Power_PressesTheRightButtonForTheReferenceDuration(string action, AtxButton button, int ms)
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_power", new { action })).Structured();

        var press = Assert.Single(mcp.Emulator.Host.Power.Presses);
        Assert.Equal(button, press.Button);
        Assert.Equal(TimeSpan.FromMilliseconds(ms), press.Duration);
        Assert.Equal(action, result.GetProperty("action").GetString());
        Assert.Equal(ms, result.GetProperty("duration_ms").GetInt32());
    }

    [Fact]
    public async Task Power_DefaultsToAShortPress_AndReportsTheLed()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_power")).Structured();

        Assert.Equal("power", result.GetProperty("action").GetString());
        Assert.True(mcp.Emulator.Host.Power.IsOn);
        Assert.True(result.GetProperty("power_led_on").GetBoolean());
    }

    [Fact]
    public async Task Power_UnknownAction_IsRejectedBeforeAnyPress()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_power", new { action = "off" })).ErrorText();

        Assert.Contains("invalid argument 'action'", text, StringComparison.Ordinal);
        Assert.Contains("\"power_long\"", text, StringComparison.Ordinal);
        Assert.Empty(mcp.Emulator.Host.Power.Presses);
        Assert.Equal(0, mcp.Emulator.Requests.Count());
    }

    [Fact]
    public async Task PowerCycle_ForcesOffThenPressesPower()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulator: o => o.HostPoweredOn = true);

        var result = (await mcp.CallAsync("nanokvm_power_cycle", new { off_duration_ms = 0 })).Structured();

        Assert.Equal([AtxButton.Power, AtxButton.Power], mcp.Emulator.Host.Power.Presses.Select(p => p.Button));
        Assert.True(mcp.Emulator.Host.Power.Presses[0].Duration >= TimeSpan.FromSeconds(4));
        Assert.True(mcp.Emulator.Host.Power.IsOn);
        Assert.Equal("power_cycle", result.GetProperty("action").GetString());
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(600_001)]
    public async Task PowerCycle_OffDurationOutOfBounds_IsRejectedBeforeAnyPress(int ms)
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_power_cycle", new { off_duration_ms = ms })).ErrorText();

        Assert.Contains("invalid argument 'off_duration_ms'", text, StringComparison.Ordinal);
        Assert.Empty(mcp.Emulator.Host.Power.Presses);
    }

    [Fact]
    public async Task LedStatus_ReadsTheLedsFromTheEndpointThatExists()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulator: o => o.HostPoweredOn = true);

        var result = (await mcp.CallAsync("nanokvm_led_status")).Structured();

        Assert.True(result.GetProperty("power_on").GetBoolean());
        Assert.Equal(1, mcp.Emulator.Requests.Count("/api/vm/gpio", "GET"));
        Assert.Equal(0, mcp.Emulator.Requests.Count("/api/vm/gpio/led"));
    }

    [Fact]
    public async Task LedStatus_UnwiredLed_ReadsOff_AndSaysWhy()
    {
        await using var mcp = await McpHarness.StartAsync(configureEmulator: o =>
        {
            o.HostPoweredOn = true;
            o.PowerLedWired = false;
        });

        var result = (await mcp.CallAsync("nanokvm_led_status")).Structured();

        Assert.False(result.GetProperty("power_on").GetBoolean());
        Assert.Contains("not wired", result.GetProperty("note").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WakeOnLan_SendsTheMagicPacketForTheMac()
    {
        await using var mcp = await McpHarness.StartAsync();

        var result = (await mcp.CallAsync("nanokvm_wake_on_lan", new { mac = "52-54-00-12-34-56" })).Structured();

        Assert.Equal("52-54-00-12-34-56", result.GetProperty("mac").GetString());
        Assert.Equal("52:54:00:12:34:56", Assert.Single(mcp.Emulator.Host.Power.WakeOnLanTargets), ignoreCase: true);
    }

    [Fact]
    public async Task WakeOnLan_BadMac_IsRejectedBeforeAnythingIsSent()
    {
        await using var mcp = await McpHarness.StartAsync();

        var text = (await mcp.CallAsync("nanokvm_wake_on_lan", new { mac = "zz:zz:zz:zz:zz:zz" })).ErrorText();

        Assert.Contains("'mac'", text, StringComparison.Ordinal);
        Assert.Empty(mcp.Emulator.Host.Power.WakeOnLanTargets);
    }
}
