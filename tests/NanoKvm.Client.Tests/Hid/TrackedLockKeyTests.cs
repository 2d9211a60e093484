using NanoKvm.Client.Hid;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>
/// Without LED reports (before 2.5.0) the client tracks the lock keys itself: the caller states the host's state,
/// every lock-key press sent through the client flips it, and typing compensates for Caps Lock from it.
/// </summary>
public sealed class TrackedLockKeyTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.2.0")]
    [InlineData("2.3.0")]
    [InlineData("2.4.x")]
    public async Task StatedCapsLock_IsCompensated_WhereTheDeviceReportsNoLeds(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);
        device.Emulator.Host.Keyboard.SetLeds(numLock: false, capsLock: true, scrollLock: false);
        var keyboard = device.Client.Keyboard;

        keyboard.SetHostLockState(new KeyboardLockState(CapsLock: true, NumLock: null, ScrollLock: null));
        await keyboard.TypeTextAsync("Hello, World", cancellationToken: Ct);

        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript.Length >= 12, "the host typed everything");
        Assert.Equal("Hello, World", device.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task CapsLockPressedThroughTheClient_IsTracked_AndTypingFollowsIt()
    {
        await using var device = await HidTestDevice.StartAsync("2.4.x");
        var keyboard = device.Client.Keyboard;
        var host = device.Emulator.Host.Keyboard;
        keyboard.SetHostLockState(new KeyboardLockState(CapsLock: false, NumLock: true, ScrollLock: null));

        await keyboard.PressAsync("CapsLock", Ct);
        Assert.Equal(new KeyboardLockState(true, true, null), keyboard.HostLockState);
        await keyboard.TypeTextAsync("Hello", cancellationToken: Ct);

        await keyboard.PressSequenceAsync(["CapsLock", "NumLock", "ScrollLock"], Ct);
        Assert.Equal(new KeyboardLockState(false, false, null), keyboard.HostLockState);
        await keyboard.TypeTextAsync(" World", cancellationToken: Ct);

        await HidTestDevice.WaitUntilAsync(() => host.Transcript.Length >= 11, "the host typed everything");
        Assert.Equal("Hello World", host.Transcript);
        Assert.False(host.Leds.CapsLock);
    }

    [Fact]
    public async Task AHeldLockKey_TogglesOnce()
    {
        await using var device = await HidTestDevice.StartAsync("2.2.0");
        var keyboard = device.Client.Keyboard;
        keyboard.SetHostLockState(new KeyboardLockState(CapsLock: false, NumLock: false, ScrollLock: false));

        await keyboard.KeyDownAsync("CapsLock", Ct);
        await keyboard.KeyDownAsync("CapsLock", Ct);
        await keyboard.KeyUpAsync("CapsLock", Ct);

        var host = device.Emulator.Host.Keyboard;
        await HidTestDevice.WaitUntilAsync(() => host.Reports.Count >= 2 && host.NothingHeld, "the key went down and up");
        Assert.Equal(new KeyboardLockState(true, false, false), keyboard.HostLockState);
        Assert.Equal(2, host.Reports.Count);
        Assert.True(host.Leds.CapsLock);
    }

    [Fact]
    public async Task WithoutAStatedValue_NothingIsGuessed()
    {
        await using var device = await HidTestDevice.StartAsync("2.4.x");
        var keyboard = device.Client.Keyboard;

        await keyboard.PressAsync("CapsLock", Ct);
        await keyboard.TypeTextAsync("Hi", cancellationToken: Ct);

        Assert.Equal(KeyboardLockState.Unknown, keyboard.HostLockState);
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript.Length >= 2, "the host typed everything");
        Assert.Equal("hI", device.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task TheDevicesLedReport_WinsOverAStatedValue()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.0");
        device.Emulator.Host.Keyboard.SetLeds(numLock: false, capsLock: true, scrollLock: false);
        var keyboard = device.Client.Keyboard;

        keyboard.SetHostLockState(new KeyboardLockState(CapsLock: false, NumLock: null, ScrollLock: null));
        await keyboard.TypeTextAsync("Hello", cancellationToken: Ct);

        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript.Length >= 5, "the host typed everything");
        Assert.Equal("Hello", device.Emulator.Host.Keyboard.Transcript);
    }
}
