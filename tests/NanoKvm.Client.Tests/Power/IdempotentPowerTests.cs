using NanoKvm.Client.Power;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Host;

namespace NanoKvm.Client.Tests.Power;

/// <summary>PowerOnAsync/PowerOffAsync press only when the power LED shows the other state, then wait for it.</summary>
public sealed class IdempotentPowerTests
{
    private static readonly PowerStateOptions Fast = new() { Timeout = TimeSpan.FromSeconds(10), PollInterval = TimeSpan.FromMilliseconds(10) };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.2.0")]
    [InlineData("2.5.1")]
    public async Task PowerOn_PressesOnce_ThenNotAgain(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        var power = device.Client.Power;

        var first = await power.PowerOnAsync(Fast, Ct);
        var second = await power.PowerOnAsync(Fast, Ct);

        Assert.True(first.Pressed);
        Assert.True(first.Leds.PowerOn);
        Assert.False(second.Pressed);
        Assert.True(device.Emulator.Host.Power.IsOn);
        var press = Assert.Single(device.Emulator.Host.Power.Presses);
        Assert.Equal(PowerClient.DefaultPressDuration, press.Duration);
    }

    [Fact]
    public async Task PowerOff_AsksTheOsToShutDown_WaitsForIt_ThenNotAgain()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e =>
        {
            e.HostPoweredOn = true;
            e.HostShutdownDelay = TimeSpan.FromSeconds(20);
        });
        var power = device.Client.Power;

        var first = await power.PowerOffAsync(Fast, Ct);
        var second = await power.PowerOffAsync(Fast, Ct);

        Assert.Equal((true, false, false), (first.Pressed, first.ForcedOff, first.Leds.PowerOn));
        Assert.False(second.Pressed);
        Assert.False(device.Emulator.Host.Power.IsOn);
        Assert.Equal(PowerClient.DefaultPressDuration, Assert.Single(device.Emulator.Host.Power.Presses).Duration);
    }

    [Fact]
    public async Task OverlappingPowerOns_PressOnce()
    {
        await using var device = await EmulatedDevice.StartAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => device.Client.Power.PowerOnAsync(Fast, Ct)));

        Assert.Equal(1, results.Count(r => r.Pressed));
        Assert.Single(device.Emulator.Host.Power.Presses);
        Assert.True(device.Emulator.Host.Power.IsOn);
    }

    [Fact]
    public async Task PowerOff_WhenTheOsIgnoresTheButton_FailsWithAnExplanation()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e =>
        {
            e.HostPoweredOn = true;
            e.HostShutdownDelay = TimeSpan.FromMinutes(10);
        });

        var error = await Assert.ThrowsAsync<NanoKvmTimeoutException>(() => device.Client.Power.PowerOffAsync(
            new PowerStateOptions { Timeout = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(10) }, Ct));

        Assert.Contains("ForceOffAfterTimeout", error.Message, StringComparison.Ordinal);
        Assert.True(device.Emulator.Host.Power.IsOn);
        Assert.Single(device.Emulator.Host.Power.Presses);
    }

    [Fact]
    public async Task PowerOff_WithTheFallback_ForcesAStubbornHostOff()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e =>
        {
            e.HostPoweredOn = true;
            e.HostShutdownDelay = TimeSpan.FromMinutes(10);
        });

        var result = await device.Client.Power.PowerOffAsync(
            new PowerStateOptions { Timeout = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(10), ForceOffAfterTimeout = true }, Ct);

        Assert.Equal((true, true, false), (result.Pressed, result.ForcedOff, result.Leds.PowerOn));
        Assert.False(device.Emulator.Host.Power.IsOn);
        Assert.Equal(
            [PowerClient.DefaultPressDuration, PowerClient.DefaultForceOffDuration],
            device.Emulator.Host.Power.Presses.Select(p => p.Duration));
    }

    [Fact]
    public async Task UnwiredLed_PowerOnPressesAndTimesOut_NamingTheWiring()
    {
        // The host runs, but the LED header is not connected: the LED reads dark, the call cannot know better.
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e =>
        {
            e.HostPoweredOn = true;
            e.PowerLedWired = false;
            e.HostShutdownDelay = TimeSpan.FromMinutes(10);
        });

        var error = await Assert.ThrowsAsync<NanoKvmTimeoutException>(() => device.Client.Power.PowerOnAsync(
            new PowerStateOptions { Timeout = TimeSpan.FromMilliseconds(300), PollInterval = TimeSpan.FromMilliseconds(10) }, Ct));

        Assert.Contains("not wired", error.Message, StringComparison.Ordinal);
        Assert.Contains("shut down", error.Message, StringComparison.Ordinal);
        Assert.Single(device.Emulator.Host.Power.Presses);
    }

    [Fact]
    public async Task UnwiredLed_PowerOffSeesDarkAndPressesNothing()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e =>
        {
            e.HostPoweredOn = true;
            e.PowerLedWired = false;
        });

        var result = await device.Client.Power.PowerOffAsync(Fast, Ct);

        // Documented limit: without a wired LED the host looks off, so nothing is pressed and it keeps running.
        Assert.False(result.Pressed);
        Assert.Empty(device.Emulator.Host.Power.Presses);
        Assert.True(device.Emulator.Host.Power.IsOn);
    }

    [Theory]
    [InlineData(4000, 1000, 10)]
    [InlineData(800, 0, 10)]
    [InlineData(800, 1000, 0)]
    public async Task BadOptions_FailBeforeAnythingIsSent(int pressMs, int timeoutMs, int pollMs)
    {
        await using var device = await EmulatedDevice.StartAsync();
        var options = new PowerStateOptions
        {
            PressDuration = TimeSpan.FromMilliseconds(pressMs),
            Timeout = TimeSpan.FromMilliseconds(timeoutMs),
            PollInterval = TimeSpan.FromMilliseconds(pollMs),
        };

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.Client.Power.PowerOnAsync(options, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => device.Client.Power.PowerOffAsync(options, Ct));

        Assert.Equal(0, device.Emulator.Requests.Count("/api/vm/gpio"));
        Assert.Empty(device.Emulator.Host.Power.Presses);
    }
}
