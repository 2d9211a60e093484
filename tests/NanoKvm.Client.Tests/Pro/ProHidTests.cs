using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Pro;

/// <summary>
/// HID on the Pro: the device does not release held keys when the socket closes (the emulator's Pro profile keeps
/// them held, see ProEmulatorTests), so every one of these passes only because the SDK releases first.
/// </summary>
public sealed class ProHidTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Dispose_ReleasesHeldKeys_BeforeClosing()
    {
        await using var device = await ProDevice.StartAsync();
        await device.Client.Keyboard.KeyDownAsync("LeftShift+A", Ct);
        await ProDevice.WaitUntilAsync(() => !device.Emulator.Host.Keyboard.NothingHeld, "the chord is held");

        await device.Client.DisposeAsync();

        await ProDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.NothingHeld, "the target released everything");
    }

    [Fact]
    public async Task CancelledHold_ReleasesTheKeys()
    {
        await using var device = await ProDevice.StartAsync();
        using var cancel = new CancellationTokenSource();

        var hold = device.Client.Keyboard.HoldAsync("LeftCtrl+C", TimeSpan.FromSeconds(30), cancel.Token);
        await ProDevice.WaitUntilAsync(() => !device.Emulator.Host.Keyboard.NothingHeld, "the chord is held");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => hold);

        await ProDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.NothingHeld, "the target released everything");
    }

    [Fact]
    public async Task DroppedSocket_ReleasesOnTheNextConnection()
    {
        await using var device = await ProDevice.StartAsync();
        await device.Client.Keyboard.KeyDownAsync("B", Ct);
        await ProDevice.WaitUntilAsync(() => !device.Emulator.Host.Keyboard.NothingHeld, "B is held");

        // Server restart drops the socket; the Pro itself leaves B held on the target. Only a mouse report follows,
        // so nothing but the SDK's release on the new connection can let go of B.
        device.Emulator.Restart();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await device.Client.Mouse.MoveByAsync(5, 5, Ct);
                break;
            }
            catch (NanoKvmException) when (attempt < 5)
            {
                // A report sent before the client noticed the drop fails; the next one reconnects.
            }
        }

        await ProDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.NothingHeld, "B was released on the new connection");
    }

    [Fact]
    public async Task NoHeartbeat_NoLedApi_AndLedCallsNameTheDevice()
    {
        await using var device = await ProDevice.StartAsync();
        await device.Client.Keyboard.TypeTextAsync("ok", cancellationToken: Ct);

        var error = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Keyboard.GetLedsAsync(Ct));

        Assert.Contains("NanoKVM-Pro 1.2.15", error.Message, StringComparison.Ordinal);
        Assert.Equal(DeviceModel.Pro, error.Model);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/hid/leds"));
    }

    [Fact]
    public async Task Pro124_TypesWithJsonArrays()
    {
        await using var device = await ProDevice.StartAsync(FirmwareProfile.Pro_1_2_4);

        await device.Client.Keyboard.TypeTextAsync("Hi", cancellationToken: Ct);

        await ProDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript == "Hi", "Hi was typed");
    }

    [Fact]
    public async Task HidModeSwitch_AnswersWithoutReboot_AndTheSessionSurvives()
    {
        await using var device = await ProDevice.StartAsync();
        await device.Client.LoginAsync(Ct);

        await device.Client.Device.SetHidModeAsync(NanoKvm.Client.Device.HidMode.HidOnly, Ct);
        var mode = await device.Client.Device.GetHidModeAsync(Ct);

        Assert.Equal(NanoKvm.Client.Device.HidMode.HidOnly, mode);
        Assert.Equal(1, device.Emulator.Requests.Count("/api/auth/login"));
    }
}
