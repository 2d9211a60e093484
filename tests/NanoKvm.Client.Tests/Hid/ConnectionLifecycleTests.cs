using System.Diagnostics;
using Microsoft.Extensions.Logging;
using NanoKvm.Client.Hid;
using NanoKvm.Client.Tests.Infrastructure;
using NanoKvm.Client.Tests.Logging;
using NanoKvm.Emulator;
using NanoKvm.Emulator.Firmware;

namespace NanoKvm.Client.Tests.Hid;

/// <summary>
/// The life of the HID socket under Websocket.Client, against faults on real loopback sockets: a frozen path (no FIN,
/// no RST), a device that closes every socket right after opening it (1000 or 4401), an upgrade that is never
/// answered, and the states a user observes, down to a quiet normal close.
/// </summary>
public sealed class ConnectionLifecycleTests
{
    private static readonly CancellationToken Ct = TestContext.Current.CancellationToken;

    [Fact]
    public async Task FrozenPath_IsDetectedWithinPingIntervalPlusTimeout_AndReplaced()
    {
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.V2_5_1);
        await using var forwarder = new LoopbackForwarder(emulator.BaseAddress);
        await using var client = NewClient(emulator, forwarder, options =>
        {
            options.Hid.PingInterval = TimeSpan.FromMilliseconds(200);
            options.Hid.PingTimeout = TimeSpan.FromMilliseconds(300);
        });
        await client.Keyboard.TypeTextAsync("a", cancellationToken: Ct);
        await HidTestDevice.WaitUntilAsync(() => emulator.Host.Keyboard.Transcript == "a", "the first key arrived");

        var lost = new TaskCompletionSource<TimeSpan>();
        var clock = Stopwatch.StartNew();
        client.HidConnectionStateChanged += (_, e) =>
        {
            if (e.State == HidConnectionState.Reconnecting)
            {
                lost.TrySetResult(clock.Elapsed);
            }
        };
        forwarder.Freeze();
        clock.Restart();

        var detected = await lost.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        TestContext.Current.TestOutputHelper?.WriteLine($"dead path detected after {detected.TotalMilliseconds:0} ms (window 500 ms)");

        // The documented window is interval + timeout; the bound here only guards against "never", not timing.
        Assert.True(detected < TimeSpan.FromSeconds(10), $"detected after {detected}");
        await HidTestDevice.WaitUntilAsync(() => client.HidConnectionState == HidConnectionState.Connected, "a new connection is open");
        await client.Keyboard.TypeTextAsync("ok", cancellationToken: Ct);
        await HidTestDevice.WaitUntilAsync(() => emulator.Host.Keyboard.Transcript == "aok", "typing works over the replacement");
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(4401)]
    public async Task DeviceClosingEverySocketAtOnce_IsRetriedWithBackoff_NotFlooded(int closeCode)
    {
        var sink = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.V2_5_1);
        await using var forwarder = new LoopbackForwarder(emulator.BaseAddress);

        // The shipped schedule (250 ms doubling to 5 s, with jitter).
        await using var client = NewClient(emulator, forwarder, options => options.LoggerFactory = loggerFactory);
        await client.LoginAsync(Ct);
        var loginsBefore = client.Api.Session.LoginCount;
        forwarder.CloseWebSocketsWith = closeCode;

        _ = client.Keyboard.ConnectAsync(Ct);
        await Task.Delay(TimeSpan.FromSeconds(10), Ct);
        var handshakes = forwarder.WebSocketUpgrades;
        var logins = client.Api.Session.LoginCount - loginsBefore;
        TestContext.Current.TestOutputHelper?.WriteLine($"close {closeCode}: {handshakes} handshakes and {logins} logins in 10 s");

        // Attempts at 0, then ≥125, 250, 500, 1000, 2000, 2500 ms... apart: at most about 8 in 10 s whatever the jitter.
        Assert.InRange(handshakes, 2, 12);
        if (closeCode == 4401)
        {
            // One re-login per 4401, never a loop of them.
            Assert.InRange(logins, 1, handshakes);
        }
        else
        {
            Assert.Equal(0, logins);
        }

        // The reason is logged when the state changes, not for every attempt.
        var warnings = sink.Entries.Count(e => e.Level >= LogLevel.Warning && e.Category.Contains("NanoKvm", StringComparison.Ordinal));
        Assert.InRange(warnings, 1, 3);
    }

    [Fact]
    public async Task UpgradeNeverAnswered_FailsAtTheRequestTimeout_WithATimeoutError()
    {
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.V2_5_1);
        await using var forwarder = new LoopbackForwarder(emulator.BaseAddress) { HangWebSocketUpgrades = true };
        var sink = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        await using var client = NewClient(emulator, forwarder, options =>
        {
            options.RequestTimeout = TimeSpan.FromSeconds(1);
            options.LoggerFactory = loggerFactory;
        });
        await client.LoginAsync(Ct);

        var clock = Stopwatch.StartNew();
        var error = await Assert.ThrowsAsync<NanoKvmTimeoutException>(() => client.Keyboard.PressAsync("KeyA", Ct));
        var waited = clock.Elapsed;
        TestContext.Current.TestOutputHelper?.WriteLine($"upgrade timeout fired after {waited.TotalMilliseconds:0} ms (documented 1000 ms)");
        Assert.Contains("1 s", error.Message, StringComparison.Ordinal);
        Assert.InRange(waited, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task States_GoConnectingConnectedReconnectingConnectedClosed_AndANormalCloseLogsNoWarning()
    {
        var sink = new CollectingLoggerProvider();
        using var loggerFactory = LoggerFactory.Create(b => b.AddProvider(sink).SetMinimumLevel(LogLevel.Trace));
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.V2_5_1);
        var client = new NanoKvmClient(Options(emulator.BaseAddress, emulator, options =>
        {
            options.LoggerFactory = loggerFactory;
            options.Hid.ReconnectDelay = TimeSpan.FromMilliseconds(50);
        }));
        var states = new List<HidConnectionStateChangedEventArgs>();
        client.HidConnectionStateChanged += (_, e) =>
        {
            lock (states)
            {
                states.Add(e);
            }
        };
        Assert.Equal(HidConnectionState.NotStarted, client.HidConnectionState);

        await client.Keyboard.ConnectAsync(Ct);
        Assert.Equal(HidConnectionState.Connected, client.HidConnectionState);
        emulator.Auth.RevokeSessions();
        await HidTestDevice.WaitUntilAsync(() => client.Hid.ConnectionCount >= 2 && client.HidConnectionState == HidConnectionState.Connected, "reconnected after 4401");
        await client.Keyboard.PressAsync("KeyA", Ct);

        var warningsBefore = sink.Entries.Count(e => e.Level >= LogLevel.Warning);
        await client.DisposeAsync();

        Assert.Equal(HidConnectionState.Closed, client.HidConnectionState);
        Assert.Equal(warningsBefore, sink.Entries.Count(e => e.Level >= LogLevel.Warning));
        HidConnectionStateChangedEventArgs[] seen;
        lock (states)
        {
            seen = [.. states];
        }

        Assert.Equal(
            [HidConnectionState.Connecting, HidConnectionState.Connected, HidConnectionState.Reconnecting, HidConnectionState.Connected, HidConnectionState.Closed],
            seen.Select(e => e.State).ToArray());
        Assert.Equal(4401, seen[2].CloseStatus);
        Assert.Contains("4401", seen[2].Reason, StringComparison.Ordinal);
        Assert.Equal("the client was disposed", seen[4].Reason);
    }

    [Fact]
    public async Task DisposeWhileReconnecting_EndsPromptly_AndStopsConnecting()
    {
        await using var emulator = await StartEmulatorAsync(FirmwareProfile.V2_5_1);
        await using var forwarder = new LoopbackForwarder(emulator.BaseAddress) { CloseWebSocketsWith = 1001 };
        var client = NewClient(emulator, forwarder, options => options.Hid.ReconnectDelay = TimeSpan.FromMilliseconds(200));
        _ = client.Keyboard.ConnectAsync(Ct);
        await HidTestDevice.WaitUntilAsync(() => client.HidConnectionState == HidConnectionState.Reconnecting, "the device closed the socket (1001)");

        var clock = Stopwatch.StartNew();
        await client.DisposeAsync();
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"dispose took {clock.Elapsed}");
        Assert.Equal(HidConnectionState.Closed, client.HidConnectionState);

        var handshakes = forwarder.WebSocketUpgrades;
        await Task.Delay(1500, Ct);
        Assert.Equal(handshakes, forwarder.WebSocketUpgrades);
        await Assert.ThrowsAsync<ObjectDisposedException>(() => client.Keyboard.PressAsync("KeyA", Ct));
    }

    private static Task<NanoKvmEmulator> StartEmulatorAsync(FirmwareProfile profile) =>
        NanoKvmEmulator.StartAsync(new EmulatorOptions { Profile = profile, FailedLoginDelay = TimeSpan.Zero, TimeScale = 0.01 }, Ct);

    private static NanoKvmClient NewClient(NanoKvmEmulator emulator, LoopbackForwarder forwarder, Action<NanoKvmClientOptions>? configure = null) =>
        new(Options(forwarder.Address, emulator, options =>
        {
            options.Hid.ReportPace = TimeSpan.FromMilliseconds(1);
            configure?.Invoke(options);
        }));

    private static NanoKvmClientOptions Options(Uri address, NanoKvmEmulator emulator, Action<NanoKvmClientOptions> configure)
    {
        var options = EmulatedDevice.NewClientOptions(emulator);
        options.Address = address;
        configure(options);
        return options;
    }
}
