using NanoKvm.Client.Hid;
using NanoKvm.Emulator.Hid;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>Keyboard LED state arrives as pushes and on demand; with Caps Lock on, typed text still comes out as written.</summary>
public sealed class LedAndCapsLockTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("2.2.x")]
    [InlineData("2.3.1")]
    [InlineData("2.4.x")]
    public async Task GetLeds_BeforeFirmware250_IsUnsupportedAndSendsNothing(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);

        var error = await Assert.ThrowsAsync<NanoKvmUnsupportedException>(() => device.Client.Keyboard.GetLedsAsync(Ct));

        Assert.Equal(new FirmwareVersion(2, 5, 0), error.RequiredVersion);
        Assert.Equal(0, device.Emulator.Requests.Count("/api/hid/leds"));
    }

    [Theory]
    [InlineData("2.5.0")]
    [InlineData("2.5.1")]
    public async Task Leds_StartUnknown_ThenFollowCapsLock(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);
        var keyboard = device.Client.Keyboard;
        var pushes = new List<KeyboardLedState>();
        keyboard.LedsChanged += (_, state) =>
        {
            lock (pushes)
            {
                pushes.Add(state);
            }
        };

        var initial = await keyboard.GetLedsAsync(Ct);
        Assert.False(initial.Known);
        Assert.Null(initial.UpdatedAt);

        await keyboard.PressAsync("CapsLock", Ct);

        await HidTestDevice.WaitUntilAsync(() => keyboard.Leds is { Known: true, CapsLock: true }, "the LED push arrived");
        var current = await keyboard.GetLedsAsync(Ct);
        Assert.True(current is { Known: true, CapsLock: true, NumLock: false, ScrollLock: false });
        Assert.NotNull(current.UpdatedAt);
        lock (pushes)
        {
            Assert.False(pushes[0].Known);
            Assert.True(pushes[^1].CapsLock);
        }
    }

    [Fact]
    public async Task WatchLeds_YieldsTheCurrentStateThenChanges()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.0");
        device.Emulator.Host.Keyboard.SetLeds(numLock: true, capsLock: false, scrollLock: false);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var seen = new List<KeyboardLedState>();

        await foreach (var state in device.Client.Keyboard.WatchLedsAsync(stop.Token))
        {
            seen.Add(state);
            if (seen.Count == 1)
            {
                device.Emulator.Host.Keyboard.SetLeds(numLock: true, capsLock: false, scrollLock: true);
            }
            else if (state.ScrollLock)
            {
                break;
            }
        }

        Assert.True(seen[0] is { Known: true, NumLock: true, ScrollLock: false });
        Assert.True(seen[^1] is { Known: true, NumLock: true, ScrollLock: true });
    }

    [Theory]
    [InlineData("2.5.0", "us", "Hello World, ABC def!")]
    [InlineData("2.5.1", "de", "Grüße, ÄÖÜ und Straße")]
    [InlineData("2.5.1", "fr", "ça va? Oui, AZERTY et qwerty")]
    public async Task CapsLockOn_TextStillComesOutAsWritten(string profile, string layout, string text)
    {
        await using var device = await HidTestDevice.StartAsync(profile, e => e.HostKeyboardLayout = layout);
        var keyboard = device.Client.Keyboard;
        await keyboard.PressAsync("CapsLock", Ct);
        await HidTestDevice.WaitUntilAsync(() => keyboard.Leds is { Known: true, CapsLock: true }, "the client knows Caps Lock is on");

        var expected = text;
        await keyboard.TypeTextAsync(expected, new TypeTextOptions { Layout = layout }, Ct);

        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript.Length >= expected.Length, "the host typed everything");
        Assert.Equal(expected, device.Emulator.Host.Keyboard.Transcript);
        Assert.True(device.Emulator.Host.Keyboard.Leds.CapsLock);
    }

    [Fact]
    public async Task CapsLockAlreadyOn_BeforeTheFirstConnection_IsCompensated()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.0");
        device.Emulator.Host.Keyboard.SetLeds(numLock: false, capsLock: true, scrollLock: false);

        await device.Client.Keyboard.TypeTextAsync("Hello, World", cancellationToken: Ct);

        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript.Length >= 12, "the host typed everything");
        Assert.Equal("Hello, World", device.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task CapsLockCompensation_CanBeTurnedOff()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1");
        device.Emulator.Host.Keyboard.SetLeds(numLock: false, capsLock: true, scrollLock: false);

        await device.Client.Keyboard.TypeTextAsync("Hello", new TypeTextOptions { CompensateCapsLock = false }, Ct);

        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript.Length >= 5, "the host typed everything");
        Assert.Equal("hELLO", device.Emulator.Host.Keyboard.Transcript);
    }

    [Fact]
    public async Task CaptureStatus_IsPushedOnTheHidSocket()
    {
        await using var device = await HidTestDevice.StartAsync("2.4.x");
        var received = new TaskCompletionSource<CaptureStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        device.Client.Keyboard.CaptureStatusChanged += (_, status) => received.TrySetResult(status);
        await device.Client.Keyboard.ConnectAsync(Ct);

        HidDevice.Of(device.Emulator).PublishCaptureStatus("mjpeg", ok: false, result: -3, message: "no signal", severity: "error");

        var status = await received.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        Assert.Equal(new CaptureStatus(false, -3, "no signal", "mjpeg", "error", status.UpdatedAt), status);
        Assert.NotNull(status.UpdatedAt);
    }
}
