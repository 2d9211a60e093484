using NanoKvm.Client.Hid;
using NanoKvm.Emulator.Hid;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>
/// The HID session survives drops and revocation, keeps itself alive with heartbeats, stays bounded under
/// back-pressure, and never leaves a key or button pressed: on cancellation, error, reconnect and dispose.
/// </summary>
public sealed class SessionTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;
    private static readonly string LongText = string.Concat(Enumerable.Repeat("The Quick Brown Fox! ", 40));

    [Theory]
    [InlineData("2.3.1")]
    [InlineData("2.5.1")]
    public async Task Cancellation_MidText_ReleasesEverything(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile, configureClient: o => o.Hid.ReportPace = TimeSpan.FromMilliseconds(5));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var host = device.Emulator.Host.Keyboard;
        host.Changed += () =>
        {
            // Cancel while Shift is down in the middle of the text.
            if (host.Transcript.Length > 20 && host.Current[0] != 0)
            {
                cancel.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => device.Client.Keyboard.TypeTextAsync(LongText, cancellationToken: cancel.Token));

        await HidTestDevice.WaitUntilAsync(() => host.NothingHeld, "the host holds nothing");
        Assert.True(device.Client.Hid.Keyboard.IsEmpty);
        Assert.True(host.Transcript.Length < LongText.Length);
        Assert.StartsWith(host.Transcript, LongText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cancellation_OfAHold_ReleasesTheChord()
    {
        await using var device = await HidTestDevice.StartAsync("2.4.x");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var host = device.Emulator.Host.Keyboard;
        host.Changed += () =>
        {
            if (host.Current[2] == 0x4C)
            {
                cancel.Cancel();
            }
        };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => device.Client.Keyboard.HoldAsync("Ctrl+Alt+Delete", TimeSpan.FromSeconds(30), cancel.Token));

        await HidTestDevice.WaitUntilAsync(() => host.NothingHeld, "the host holds nothing");
    }

    [Fact]
    public async Task Error_ConnectionLostMidText_FailsTheCallerAndReleasesOnReconnect()
    {
        // 2.3.1 does not release on close, so only the client's release can free the host.
        await using var device = await HidTestDevice.StartAsync("2.3.1", configureClient: o => o.Hid.ReportPace = TimeSpan.FromMilliseconds(5));
        var host = device.Emulator.Host.Keyboard;
        var restarted = 0;
        var typedBeforeRestart = 0;
        host.Changed += () =>
        {
            if (host.Transcript.Length > 10 && host.Current[0] != 0 && Interlocked.Exchange(ref restarted, 1) == 0)
            {
                typedBeforeRestart = host.Transcript.Length;
                device.Emulator.Restart();
            }
        };

        var error = await Assert.ThrowsAsync<NanoKvmTypingException>(() => device.Client.Keyboard.TypeTextAsync(LongText, cancellationToken: Ct));

        await HidTestDevice.WaitUntilAsync(() => host.NothingHeld, "the host holds nothing");
        Assert.True(host.Transcript.Length < LongText.Length);

        // The failure says how far it got: every character the host had when the connection dropped was sent (the
        // last one's release possibly not), and never all of them.
        Assert.IsAssignableFrom<NanoKvmException>(error.InnerException);
        Assert.Equal(LongText.Length, error.CharactersTotal);
        Assert.InRange(error.CharactersSent, typedBeforeRestart - 1, LongText.Length - 1);
        Assert.Contains($"after {error.CharactersSent} of {LongText.Length} characters", error.Message, StringComparison.Ordinal);

        // The session is usable again.
        host.ClearTranscript();
        await device.Client.Keyboard.TypeTextAsync("ok!", cancellationToken: Ct);
        await HidTestDevice.WaitUntilAsync(() => host.Transcript == "ok!", "typing works after the reconnect");
    }

    [Theory]
    [InlineData("2.2.x")]
    [InlineData("2.3.1")]
    [InlineData("2.4.x")]
    public async Task Reconnect_AfterADrop_ReleasesWhatWasHeldAndWorks(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);
        var client = device.Client;
        await client.Keyboard.KeyDownAsync("ShiftLeft", Ct);
        await client.Mouse.PressAsync(MouseButton.Left, MouseMode.Relative, Ct);
        var host = device.Emulator.Host;
        await HidTestDevice.WaitUntilAsync(() => !host.Keyboard.NothingHeld && host.Mouse.Buttons == 1, "the host holds Shift and the button");

        device.Emulator.Restart();

        await HidTestDevice.WaitUntilAsync(() => client.Hid.ConnectionCount >= 2, "the client reconnected");
        await HidTestDevice.WaitUntilAsync(() => host.Keyboard.NothingHeld && host.Mouse.Buttons == 0, "the host holds nothing");
        Assert.True(client.Hid.Keyboard.IsEmpty);
        await client.Keyboard.PressAsync("KeyX", Ct);
        await HidTestDevice.WaitUntilAsync(() => host.Keyboard.Transcript.EndsWith('x'), "input works after the reconnect");
    }

    [Fact]
    public async Task Revocation_On251_Closes4401_ReLogsInAndReconnects()
    {
        await using var device = await HidTestDevice.StartAsync("2.5.1");
        var client = device.Client;
        await client.Keyboard.ConnectAsync(Ct);
        var logins = client.Api.Session.LoginCount;

        device.Emulator.Auth.RevokeSessions();

        await HidTestDevice.WaitUntilAsync(() => client.Hid.ConnectionCount >= 2 && client.Hid.IsConnected, "the client reconnected");
        Assert.True(client.Api.Session.LoginCount > logins);
        await client.Keyboard.PressAsync("KeyQ", Ct);
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript == "q", "input works after the re-login");
    }

    [Fact]
    public async Task DeviceGone_SendFailsWithNanoKvmException_AndTheClientRecoversWhenItReturns()
    {
        await using var device = await HidTestDevice.StartAsync("2.4.x", configureClient: o => o.Hid.ReconnectAttempts = 2);
        await device.Client.Keyboard.PressAsync("KeyA", Ct);
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript == "a", "the first key arrived");

        await device.Emulator.DisposeAsync();

        var error = await Assert.ThrowsAsync<NanoKvmException>(() => device.Client.Keyboard.PressAsync("KeyB", Ct));
        Assert.False(string.IsNullOrWhiteSpace(error.Message));
        Assert.True(device.Client.Hid.Keyboard.IsEmpty);
    }

    [Fact]
    public void Options_AreValidated()
    {
        var options = new NanoKvmClientOptions { Address = new Uri("http://127.0.0.1:1") };
        options.Hid.ReportPace = TimeSpan.FromSeconds(-1);
        Assert.Throws<ArgumentException>(() => new NanoKvmClient(options));

        options.Hid.ReportPace = TimeSpan.Zero;
        options.Hid.SendQueueCapacity = 0;
        Assert.Throws<ArgumentException>(() => new NanoKvmClient(options));
    }

    [Theory]
    [InlineData("2.3.1")]
    [InlineData("2.5.0")]
    public async Task Dispose_ReleasesHeldKeysAndButtons(string profile)
    {
        await using var device = await HidTestDevice.StartAsync(profile);
        var client = device.NewClient(o => o.Hid.ReportPace = TimeSpan.Zero);
        await client.Keyboard.KeyDownAsync("Ctrl+KeyC", Ct);
        await client.Mouse.PressAsync(MouseButton.Right, MouseMode.Relative, Ct);
        var host = device.Emulator.Host;
        await HidTestDevice.WaitUntilAsync(() => !host.Keyboard.NothingHeld && host.Mouse.Buttons == 2, "the host holds the keys and the button");

        await client.DisposeAsync();

        await HidTestDevice.WaitUntilAsync(() => host.Keyboard.NothingHeld && host.Mouse.Buttons == 0, "the host holds nothing");
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.Keyboard.PressAsync("KeyA", Ct));
    }

    [Fact]
    public async Task Heartbeat_KeepsTheSocketAlivePastTheReadDeadline()
    {
        await using var device = await HidTestDevice.StartAsync(
            "2.5.0",
            e => e.HidReadDeadline = TimeSpan.FromSeconds(1),
            o => o.Hid.HeartbeatInterval = TimeSpan.FromMilliseconds(100));
        var hid = HidDevice.Of(device.Emulator);
        await device.Client.Keyboard.ConnectAsync(Ct);

        // Stay idle for several deadlines; only heartbeats refresh it.
        await HidTestDevice.WaitUntilAsync(() => hid.Heartbeats >= 25, "two and a half deadlines' worth of heartbeats arrived");

        Assert.Equal(1, hid.ConnectionsOpened);
        Assert.Equal(1, device.Client.Hid.ConnectionCount);
        Assert.Equal(1, hid.OpenConnections);
    }

    [Fact]
    public async Task WithoutHeartbeat_TheDeadlineClosesTheSocket_AndTheClientReconnects()
    {
        await using var device = await HidTestDevice.StartAsync(
            "2.5.0",
            e => e.HidReadDeadline = TimeSpan.FromMilliseconds(300),
            o => o.Hid.HeartbeatInterval = TimeSpan.FromSeconds(60));
        var hid = HidDevice.Of(device.Emulator);
        await device.Client.Keyboard.ConnectAsync(Ct);

        await HidTestDevice.WaitUntilAsync(() => hid.ConnectionsOpened >= 2, "the device closed the silent socket and the client came back");
        Assert.Equal(0, hid.Heartbeats);
    }

    [Fact]
    public async Task Heartbeat_IsNotSentToFirmwareWithoutDeadline()
    {
        await using var device = await HidTestDevice.StartAsync("2.4.x", configureClient: o => o.Hid.HeartbeatInterval = TimeSpan.FromMilliseconds(20));
        await device.Client.Keyboard.ConnectAsync(Ct);
        await device.Client.Keyboard.PressAsync("KeyA", Ct);
        await Task.Delay(200, Ct);
        await device.Client.Keyboard.PressAsync("KeyB", Ct);

        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Keyboard.Transcript == "ab", "both keys arrived");
        Assert.Equal(0, HidDevice.Of(device.Emulator).Heartbeats);
    }

    [Fact]
    public async Task BackPressure_SlowDevice_KeepsBothQueuesBounded()
    {
        await using var device = await HidTestDevice.StartAsync(
            "2.4.x",
            e => e.HidUsbPollInterval = TimeSpan.FromMilliseconds(10),
            o => o.Hid.SendQueueCapacity = 4);
        var client = device.Client;

        // Many producers at once; each awaits a free slot rather than growing a buffer.
        var producers = Task.WhenAll(Enumerable.Range(0, 6).Select(async p =>
        {
            for (var i = 0; i < 50; i++)
            {
                var frame = default(HidFrame);
                frame.Length = (byte)NanoKvm.Client.Hid.Reports.BinaryReportEncoder.EncodeRelative(frame.Bytes, 0, 1, 0, 0);
                await client.Hid.SendAsync(frame, Ct);
            }
        }));

        // The device queue fills to its limit and no further: the reader stops reading the socket.
        await HidTestDevice.WaitUntilAsync(() => device.Emulator.Host.Mouse.PeakQueueDepth == HidConnectionLimits.DeviceQueue, "the device queue is full");
        await producers;
        Assert.InRange(client.Hid.PeakQueuedFrames, 1, client.Hid.QueueCapacity);
        Assert.Equal(HidConnectionLimits.DeviceQueue, device.Emulator.Host.Mouse.PeakQueueDepth);
    }
}
