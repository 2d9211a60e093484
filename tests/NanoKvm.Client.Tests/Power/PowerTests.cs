using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;
using NanoKvm.Emulator.Host;

namespace NanoKvm.Client.Tests.Power;

public sealed class PowerTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [ClassData(typeof(AllProfiles))]
    public async Task PressPower_SwitchesAnOffHostOn_AndTheLedFollows(string profile)
    {
        await using var device = await EmulatedDevice.StartAsync(FirmwareProfile.Parse(profile));
        Assert.False((await device.Client.Power.GetLedsAsync(Ct)).PowerOn);

        await device.Client.Power.PressPowerAsync(cancellationToken: Ct);
        var leds = await device.Client.Power.WaitForPowerLedAsync(true, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10), Ct);

        Assert.True(leds.PowerOn);
        Assert.True(device.Emulator.Host.Power.IsOn);
        var press = Assert.Single(device.Emulator.Host.Power.Presses);
        Assert.Equal(AtxButton.Power, press.Button);
        Assert.Equal(TimeSpan.FromMilliseconds(800), press.Duration);
    }

    [Fact]
    public async Task ShortPress_OnARunningHost_ShutsItsOsDown()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e =>
        {
            e.HostPoweredOn = true;
            e.HostShutdownDelay = TimeSpan.FromSeconds(3);
        });

        await device.Client.Power.PressPowerAsync(TimeSpan.FromMilliseconds(500), Ct);
        await device.Client.Power.WaitForPowerLedAsync(false, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10), Ct);

        Assert.False(device.Emulator.Host.Power.IsOn);
        Assert.Equal(TimeSpan.FromMilliseconds(500), Assert.Single(device.Emulator.Host.Power.Presses).Duration);
    }

    [Fact]
    public async Task ForceOff_BlocksForTheWholePress_AndSucceedsBecauseTheTimeoutCoversIt()
    {
        // The emulator holds the call for 5 s × 0.1 = 500 ms, longer than the client's 200 ms request timeout: only
        // the press duration the client adds to its timeout lets the call succeed.
        await using var device = await EmulatedDevice.StartAsync(
            configureEmulator: e =>
            {
                e.HostPoweredOn = true;
                e.TimeScale = 0.1;
            },
            configureClient: c => c.RequestTimeout = TimeSpan.FromMilliseconds(200));
        await device.Client.LoginAsync(Ct);

        await device.Client.Power.ForceOffAsync(cancellationToken: Ct);

        Assert.False(device.Emulator.Host.Power.IsOn);
        Assert.Equal(TimeSpan.FromSeconds(5), Assert.Single(device.Emulator.Host.Power.Presses).Duration);
    }

    [Fact]
    public async Task CancellingAPress_StopsWaiting_TheDeviceStillCompletesIt_AndTheClientStaysUsable()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e => e.TimeScale = 0.1);
        await device.Client.LoginAsync(Ct);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var press = device.Client.Power.PressPowerAsync(TimeSpan.FromSeconds(10), cts.Token);
        while (device.Emulator.Requests.Count("/api/vm/gpio", "POST") == 0)
        {
            await Task.Delay(5, Ct);
        }

        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => press);

        Assert.False((await device.Client.Power.GetLedsAsync(Ct)).PowerOn);
        while (device.Emulator.Host.Power.Presses.Count == 0)
        {
            await Task.Delay(20, Ct);
        }

        Assert.Equal(TimeSpan.FromSeconds(10), Assert.Single(device.Emulator.Host.Power.Presses).Duration);
    }

    [Fact]
    public async Task Reset_RebootsARunningHost_ButNotAnOffOne()
    {
        await using var device = await EmulatedDevice.StartAsync();

        await device.Client.Power.ResetAsync(cancellationToken: Ct);
        Assert.Equal(0, device.Emulator.Host.Power.Reboots);

        device.Emulator.Host.Power.SetPower(true);
        await device.Client.Power.ResetAsync(cancellationToken: Ct);

        Assert.Equal(1, device.Emulator.Host.Power.Reboots);
        Assert.True(device.Emulator.Host.Power.IsOn);
        Assert.All(device.Emulator.Host.Power.Presses, p => Assert.Equal(AtxButton.Reset, p.Button));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task PowerCycle_ForcesOffWaitsAndSwitchesOn(bool initiallyOn)
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e => e.HostPoweredOn = initiallyOn);
        var transitions = new List<bool>();
        device.Emulator.Host.Power.PowerChanged += on =>
        {
            lock (transitions)
            {
                transitions.Add(on);
            }
        };

        await device.Client.Power.PowerCycleAsync(TimeSpan.FromMilliseconds(20), Ct);

        Assert.True(device.Emulator.Host.Power.IsOn);
        Assert.Equal(initiallyOn ? [false, true] : [true], transitions);
        Assert.Equal(
            [TimeSpan.FromSeconds(5), TimeSpan.FromMilliseconds(800)],
            device.Emulator.Host.Power.Presses.Select(p => p.Duration));
    }

    [Fact]
    public async Task UnwiredLed_ReadsOff_SoWaitingForOnTimesOut()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e =>
        {
            e.PowerLedWired = false;
            e.HostPoweredOn = true;
        });

        Assert.False((await device.Client.Power.GetLedsAsync(Ct)).PowerOn);
        var error = await Assert.ThrowsAsync<NanoKvmTimeoutException>(() => device.Client.Power.WaitForPowerLedAsync(
            true, TimeSpan.FromMilliseconds(200), TimeSpan.FromMilliseconds(20), Ct));

        Assert.Contains("wired", error.Message, StringComparison.Ordinal);
        Assert.True(device.Emulator.Requests.Count("/api/vm/gpio", "GET") >= 2);

        // The client stays usable after the timeout.
        Assert.False((await device.Client.Power.GetLedsAsync(Ct)).PowerOn);
    }

    [Theory]
    [InlineData("Alpha", true)]
    [InlineData("Beta", false)]
    [InlineData("PCIE", false)]
    public async Task HddLed_IsOnlyReadOnAlphaHardware(string hardware, bool expected)
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e =>
        {
            e.Hardware = hardware;
            e.HostPoweredOn = true;
        });

        var leds = await device.Client.Power.GetLedsAsync(Ct);

        Assert.True(leds.PowerOn);
        Assert.Equal(expected, leds.HddActive);
    }

    [Fact]
    public async Task BadDurations_ThrowBeforeAnythingIsSent()
    {
        await using var device = await EmulatedDevice.StartAsync();
        var power = device.Client.Power;

        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => power.PressPowerAsync(TimeSpan.Zero, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => power.PressPowerAsync(TimeSpan.FromMilliseconds(-5), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => power.PressPowerAsync(TimeSpan.FromSeconds(61), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => power.ResetAsync(TimeSpan.FromMinutes(5), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => power.ForceOffAsync(TimeSpan.FromSeconds(2), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => power.PowerCycleAsync(TimeSpan.FromSeconds(-1), Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => power.WaitForPowerLedAsync(true, TimeSpan.Zero, null, Ct));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => power.WaitForPowerLedAsync(true, TimeSpan.FromSeconds(1), TimeSpan.Zero, Ct));

        Assert.Empty(device.Emulator.Requests.Entries);
        Assert.Empty(device.Emulator.Host.Power.Presses);
    }

    [Theory]
    [InlineData("aa:bb:cc:dd:ee:ff", "AA:BB:CC:DD:EE:FF")]
    [InlineData("AA-BB-CC-DD-EE-01", "AA:BB:CC:DD:EE:01")]
    [InlineData("aabb.ccdd.ee02", "AA:BB:CC:DD:EE:02")]
    [InlineData(" a0b1c2d3e4f5 ", "A0:B1:C2:D3:E4:F5")]
    public async Task WakeOnLan_SendsTheNormalizedMac(string input, string expected)
    {
        await using var device = await EmulatedDevice.StartAsync();

        await device.Client.Power.WakeOnLanAsync(input, Ct);

        Assert.Equal([expected], device.Emulator.Host.Power.WakeOnLanTargets);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("aa:bb:cc:dd:ee")]
    [InlineData("aa:bb:cc:dd:ee:ff:00")]
    [InlineData("gg:bb:cc:dd:ee:ff")]
    [InlineData("aa/bb/cc/dd/ee/ff")]
    public async Task WakeOnLan_RefusesAnInvalidMacBeforeSending(string mac)
    {
        await using var device = await EmulatedDevice.StartAsync();

        await Assert.ThrowsAnyAsync<ArgumentException>(() => device.Client.Power.WakeOnLanAsync(mac, Ct));

        Assert.Empty(device.Emulator.Requests.Entries);
    }

    [Fact]
    public async Task WakeOnLan_ToTheHostsMac_WakesIt()
    {
        await using var device = await EmulatedDevice.StartAsync(configureEmulator: e => e.HostMacAddress = "52:54:00:AB:CD:EF");

        await device.Client.Power.WakeOnLanAsync("52-54-00-ab-cd-ef", Ct);
        await device.Client.Power.WaitForPowerLedAsync(true, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10), Ct);

        Assert.True(device.Emulator.Host.Power.IsOn);
    }

    [Fact]
    public async Task UserRole_MayPressPower_OnMultiUserFirmware()
    {
        await using var device = await EmulatedDevice.StartAsUserRoleAsync();

        await device.Client.Power.PressPowerAsync(cancellationToken: Ct);

        Assert.True(device.Emulator.Host.Power.IsOn);
    }
}
